package winterroom.bench;

import winterroom.facts.Action;
import winterroom.facts.ActionType;
import winterroom.facts.Event;
import winterroom.facts.EventType;
import winterroom.facts.Measure;
import winterroom.facts.Organisation;
import winterroom.situation.Situation;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The exception triggers and principle checks written as plain Java over the same situation: the
 * floor the rules engine is compared against in the benchmarks. Not used by the service.
 */
public final class PlainJavaChecks {
    private PlainJavaChecks() {}

    public static List<String> run(Situation s) {
        List<String> out = new ArrayList<>();
        Set<String> p7 = new HashSet<>();
        for (Measure m : s.measures()) {
            switch (m.getMetric()) {
                case "ae_4h_pct" -> {
                    if (m.getValue() <= 80) out.add("T1 " + m.getOrg());
                    if (m.getPreviousDay() != null && m.getPreviousDay() - m.getValue() > 10) out.add("T1 " + m.getOrg());
                }
                case "trolley_12h_breaches" -> {
                    if (m.getValue() >= 1) out.add("T2 " + m.getOrg());
                    if (m.getValue() > 0) out.add("P2 " + m.getOrg());
                }
                case "ambulance_handover_over_60_min" -> {
                    if (m.getValue() > 5) out.add("T3 " + m.getOrg());
                    if (m.getValue() > 0) p7.add(m.getOrg());
                }
                case "ambulance_handover_over_15_min", "ambulance_handover_over_30_min" -> {
                    if (m.getValue() > 0) p7.add(m.getOrg());
                }
                case "beds_closed_dv" -> {
                    if (m.getPreviousDay() != null && m.getValue() - m.getPreviousDay() >= 20) out.add("T4 " + m.getOrg());
                }
                case "non_designated_area_patients" -> {
                    if (m.getValue() > 0) out.add("P3 " + m.getOrg());
                }
                default -> { }
            }
        }
        p7.forEach(o -> out.add("P7 " + o));
        for (Event e : s.events()) if (e.getType() == EventType.SIGNIFICANT_EVENT) out.add("T5 " + e.getOrg());
        for (Action a : s.actions()) {
            if (a.getType() == ActionType.CANCEL_ELECTIVE && a.getHoursBeforeSurgery() != null && a.getHoursBeforeSurgery() < 48) out.add("P4 " + a.getOrg());
            if (a.getType() == ActionType.CROSS_ORG_ACTION && a.getAffects() != null && !a.getAffects().equals(a.getOrg()) && !a.isPriorDiscussionRecorded()) out.add("P10 " + a.getOrg());
            if (a.getType() == ActionType.UNINTENDED_CONSEQUENCE) out.add("P11 " + a.getOrg());
            if (a.getType() == ActionType.SUSPEND_SERVICE && !a.isRecoveryPlannedRecorded()) out.add("P15 " + a.getOrg());
            if (a.getType() == ActionType.DE_ESCALATE) {
                for (Organisation o : s.organisations()) {
                    if (!o.getCode().equals(a.getOrg()) && !a.getAgreedBy().contains(o.getCode())) {
                        out.add("P17 " + a.getOrg());
                        break;
                    }
                }
            }
        }
        return out;
    }
}
