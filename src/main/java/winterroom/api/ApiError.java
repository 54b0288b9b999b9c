package winterroom.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import winterroom.situation.FieldError;

import java.util.List;

/** The JSON body of every error answer: what went wrong, and which fields when a request is invalid. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ApiError(String error, List<FieldError> details) {
    public static ApiError of(String error) { return new ApiError(error, null); }
}
