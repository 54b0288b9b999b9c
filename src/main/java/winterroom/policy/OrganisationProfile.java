package winterroom.policy;

import winterroom.facts.OrgType;

/**
 * An organisation of the local system as the organisations catalogue names it: its code, full name
 * and type, and the role that acts for it on a weekday and out of hours (weekends and bank holidays),
 * the roles reporting and aid refer to.
 */
public record OrganisationProfile(String code, String name, OrgType type, String weekdayRole, String onCallRole,
                                  String source) {
    /** The role that acts on a day: the on-call role at weekends and on bank holidays. */
    public String roleOn(boolean weekendOrBankHoliday) {
        return weekendOrBankHoliday ? onCallRole : weekdayRole;
    }
}
