package winterroom.facts;

/** An organisation taking part in the situation, with the OPEL level it reported (if it reports one). */
public class Organisation {
    private String code;
    private OrgType type;
    private Integer reportedOpel;

    public Organisation() {}

    public Organisation(String code, OrgType type, Integer reportedOpel) {
        this.code = code;
        this.type = type;
        this.reportedOpel = reportedOpel;
    }

    public String getCode() { return code; }
    public void setCode(String code) { this.code = code; }
    public OrgType getType() { return type; }
    public void setType(OrgType type) { this.type = type; }
    public Integer getReportedOpel() { return reportedOpel; }
    public void setReportedOpel(Integer reportedOpel) { this.reportedOpel = reportedOpel; }

    @Override public String toString() { return "Organisation(" + code + ", " + type + ", opel=" + reportedOpel + ")"; }
}
