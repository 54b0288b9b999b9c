package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;

/** The calendar facts of the moment being evaluated, read in Europe/London. */
public class Day {
    private final Instant asOf;
    private final LocalDate localDate;
    private final boolean bankHoliday;

    public Day(Instant asOf, LocalDate localDate, boolean bankHoliday) {
        this.asOf = asOf;
        this.localDate = localDate;
        this.bankHoliday = bankHoliday;
    }

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
