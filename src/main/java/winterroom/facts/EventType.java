package winterroom.facts;

/**
 * Kinds of event that change what the plan asks for. CRITICAL_INCIDENT and MAJOR_INCIDENT, once
 * declared, bring in the Decision Management Tool (000:L7160); WEATHER_FORECAST is severe weather
 * forecast but not yet here, so communications can go out ahead of it (000:L1728-1730, L2937).
 */
public enum EventType {
    SIGNIFICANT_EVENT, ADVERSE_WEATHER, WEATHER_FORECAST, FLU, NOROVIRUS, INDUSTRIAL_ACTION, CRITICAL_INCIDENT, MAJOR_INCIDENT
}
