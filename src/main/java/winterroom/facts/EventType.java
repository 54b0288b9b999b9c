package winterroom.facts;

/** Kinds of event that change what the plan asks for. */
public enum EventType {
    SIGNIFICANT_EVENT, ADVERSE_WEATHER, FLU, NOROVIRUS, INDUSTRIAL_ACTION, MAJOR_INCIDENT
}
