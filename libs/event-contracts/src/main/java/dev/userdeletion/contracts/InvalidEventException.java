package dev.userdeletion.contracts;

/** An event that breaks its contract: unreadable JSON, unknown type or version, missing field. */
public class InvalidEventException extends RuntimeException {

    public InvalidEventException(String message) {
        super(message);
    }

    public InvalidEventException(String message, Throwable cause) {
        super(message, cause);
    }
}
