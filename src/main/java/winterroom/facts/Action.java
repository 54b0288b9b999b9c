package winterroom.facts;

import com.fasterxml.jackson.annotation.JsonIgnore;

import java.util.List;

/**
 * An action taken or proposed by an organisation. One class for every action type keeps the
 * situation JSON flat; which fields matter depends on the type (see the README's vocabulary).
 */
public class Action {
    private String org;
    private ActionType type;
    private Integer count;
    private Double hoursBeforeSurgery;
    private String service;
    private Boolean recoveryPlanned;
    private Integer fromLevel;
    private Integer toLevel;
    private List<String> agreedBy;
    private String affects;
    private Boolean priorDiscussion;
    private String description;

    public String getOrg() { return org; }
    public void setOrg(String org) { this.org = org; }
    public ActionType getType() { return type; }
    public void setType(ActionType type) { this.type = type; }
    public Integer getCount() { return count; }
    public void setCount(Integer count) { this.count = count; }
    public Double getHoursBeforeSurgery() { return hoursBeforeSurgery; }
    public void setHoursBeforeSurgery(Double hoursBeforeSurgery) { this.hoursBeforeSurgery = hoursBeforeSurgery; }
    public String getService() { return service; }
    public void setService(String service) { this.service = service; }
    public Boolean getRecoveryPlanned() { return recoveryPlanned; }
    public void setRecoveryPlanned(Boolean recoveryPlanned) { this.recoveryPlanned = recoveryPlanned; }
    public Integer getFromLevel() { return fromLevel; }
    public void setFromLevel(Integer fromLevel) { this.fromLevel = fromLevel; }
    public Integer getToLevel() { return toLevel; }
    public void setToLevel(Integer toLevel) { this.toLevel = toLevel; }
    public List<String> getAgreedBy() { return agreedBy == null ? List.of() : agreedBy; }
    public void setAgreedBy(List<String> agreedBy) { this.agreedBy = agreedBy; }
    public String getAffects() { return affects; }
    public void setAffects(String affects) { this.affects = affects; }
    public Boolean getPriorDiscussion() { return priorDiscussion; }
    public void setPriorDiscussion(Boolean priorDiscussion) { this.priorDiscussion = priorDiscussion; }
    public String getDescription() { return description; }
    public void setDescription(String description) { this.description = description; }

    /** Convenience for rules: a null flag reads as "not recorded". */
    @JsonIgnore
    public boolean isPriorDiscussionRecorded() { return Boolean.TRUE.equals(priorDiscussion); }
    @JsonIgnore
    public boolean isRecoveryPlannedRecorded() { return Boolean.TRUE.equals(recoveryPlanned); }

    @Override public String toString() { return "Action(" + org + ", " + type + ")"; }
}
