package winterroom.facts;

/**
 * An entry of the action catalogue, present in working memory so that rules can select actions by
 * category or organisation type (the Decision Management Tool, say) from policy data.
 */
public record CatalogueAction(String id, String title, String category, String provider, String recipient,
                              String orgType, boolean requiresPriorDiscussion, String recoveryAction,
                              int priority, String relieves, String source) {
    // Getter-style accessors so DRL constraints read naturally (category == "DMT_SUSPENSION").
    public String getId() { return id; }
    public String getCategory() { return category; }
    public String getOrgType() { return orgType; }
    public String getProvider() { return provider; }
    public String getRecipient() { return recipient; }
    public String getRecoveryAction() { return recoveryAction; }
    public int getPriority() { return priority; }
}
