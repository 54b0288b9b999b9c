package winterroom.situation;

/** What is wrong with one field of a request, named by its path ("measures[2].metric"). */
public record FieldError(String field, String message) {}
