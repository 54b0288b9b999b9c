package winterroom.facts;

/** The kinds of organisation in a local health and care system. */
public enum OrgType {
    ACUTE, COMMUNITY, MENTAL_HEALTH, AMBULANCE, GP_OUT_OF_HOURS, PRIMARY_CARE,
    SOCIAL_CARE, COMMISSIONER, CARE_PROVIDER, THIRD_SECTOR
}
