package winterroom.facts;

/**
 * An entry of the action catalogue, present in working memory so that rules can select actions by
 * category or organisation type (the Decision Management Tool, say) from policy data.
 *
 * <p>{@code riskAccepted} is the risk the system takes on by acting (P14, shown at OPEL 3-4);
 * {@code providerImpact} and {@code recipientImpact} are what the action costs the organisation
 * that gives it and what it brings the one that receives it (002:L5616-5619); {@code transfer}
 * marks actions that move patients between settings, which carry the infection-control flag
 * during an outbreak (P8); {@code fromOpel} is the level from which a provider escalation-plan item applies.
 */
public record CatalogueAction(String id, String title, String category, String provider, String recipient,
                              String orgType, boolean requiresPriorDiscussion, String recoveryAction,
                              int priority, String relieves, String source, Integer fromOpel, String riskAccepted,
                              String providerImpact, String recipientImpact, boolean transfer) {
    public CatalogueAction(String id, String title, String category, String provider, String recipient,
                           String orgType, boolean requiresPriorDiscussion, String recoveryAction,
                           int priority, String relieves, String source) {
        this(id, title, category, provider, recipient, orgType, requiresPriorDiscussion, recoveryAction, priority,
                relieves, source, null, null, null, null, false);
    }

    // Getter-style accessors so DRL constraints read naturally (category == "DMT_SUSPENSION").
    public String getId() { return id; }
    public String getCategory() { return category; }
    public String getOrgType() { return orgType; }
    public String getProvider() { return provider; }
    public String getRecipient() { return recipient; }
    public String getRecoveryAction() { return recoveryAction; }
    public int getPriority() { return priority; }
    public String getRiskAccepted() { return riskAccepted; }
    public boolean isTransfer() { return transfer; }
    /** The OPEL level from which a provider's escalation-plan item applies (null: the rule's default). */
    public Integer getFromOpel() { return fromOpel; }
    public int getFromOpelOr(int fallback) { return fromOpel == null ? fallback : fromOpel; }

    /** Whether the action is for an organisation of this type: orgType is blank (any) or a space-separated list. */
    public boolean appliesTo(OrgType type) {
        if (orgType == null) return true;
        for (String t : orgType.trim().split("\\s+")) if (t.equals(type.name())) return true;
        return false;
    }
}
