package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.SortedMap;

/** The calendar facts of the moment being evaluated, read in Europe/London. */
public class Day {
    private final Instant asOf;
    private final LocalDate localDate;
    private final boolean bankHoliday;
    private final LocalDate previousBankHoliday;
    private final LocalDate nextBankHoliday;

    public Day(Instant asOf, LocalDate localDate, boolean bankHoliday) {
        this(asOf, localDate, bankHoliday, null, null);
    }

    public Day(Instant asOf, LocalDate localDate, boolean bankHoliday, LocalDate previousBankHoliday, LocalDate nextBankHoliday) {
        this.asOf = asOf;
        this.localDate = localDate;
        this.bankHoliday = bankHoliday;
        this.previousBankHoliday = previousBankHoliday;
        this.nextBankHoliday = nextBankHoliday;
    }

    /** The day, with the nearest bank holidays before and after it from the calendar (for rules that plan ahead). */
    public static Day of(Instant asOf, LocalDate localDate, boolean bankHoliday, SortedMap<LocalDate, String> calendar) {
        SortedMap<LocalDate, String> before = calendar.headMap(localDate);
        SortedMap<LocalDate, String> after = calendar.tailMap(localDate.plusDays(1));
        return new Day(asOf, localDate, bankHoliday, before.isEmpty() ? null : before.lastKey(), after.isEmpty() ? null : after.firstKey());
    }

    /** Days until the next bank holiday in the calendar (a large number when none is known). */
    @JsonIgnore
    public long getDaysToNextBankHoliday() {
        return nextBankHoliday == null ? Long.MAX_VALUE / 2 : ChronoUnit.DAYS.between(localDate, nextBankHoliday);
    }

    /** Days since the last bank holiday before today (a large number when none is known). */
    @JsonIgnore
    public long getDaysSincePreviousBankHoliday() {
        return previousBankHoliday == null ? Long.MAX_VALUE / 2 : ChronoUnit.DAYS.between(previousBankHoliday, localDate);
    }

    public LocalDate getNextBankHoliday() { return nextBankHoliday; }
    public LocalDate getPreviousBankHoliday() { return previousBankHoliday; }

    /** ISO week number, for fortnightly meetings. */
    @JsonIgnore
    public int getIsoWeek() { return localDate.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR); }

    public Instant getAsOf() { return asOf; }
    /** The moment as epoch milliseconds, for comparing with the times of timeline events. */
    @JsonIgnore
    public long getAsOfMillis() { return asOf.toEpochMilli(); }
    public LocalDate getLocalDate() { return localDate; }
    public boolean isBankHoliday() { return bankHoliday; }
    @JsonIgnore
    public int getMonth() { return localDate.getMonthValue(); }
    @JsonIgnore
    public int getDayOfMonth() { return localDate.getDayOfMonth(); }
    public DayOfWeek getDayOfWeek() { return localDate.getDayOfWeek(); }
    public boolean isWeekend() { return localDate.getDayOfWeek() == DayOfWeek.SATURDAY || localDate.getDayOfWeek() == DayOfWeek.SUNDAY; }
    @JsonIgnore
    public boolean isMonday() { return localDate.getDayOfWeek() == DayOfWeek.MONDAY; }

    @Override public String toString() { return "Day(" + localDate + (isWeekend() ? ", weekend" : "") + (bankHoliday ? ", bank holiday" : "") + ")"; }
}
