package winterroom.facts;

/** Kinds of action an organisation reports having taken or proposing. */
public enum ActionType {
    CANCEL_ELECTIVE, SUSPEND_SERVICE, RECOVER_SERVICE, DE_ESCALATE, CROSS_ORG_ACTION, UNINTENDED_CONSEQUENCE
}
