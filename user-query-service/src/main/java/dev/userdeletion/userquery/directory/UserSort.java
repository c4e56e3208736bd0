package dev.userdeletion.userquery.directory;

import dev.userdeletion.web.ApiProblem;

/**
 * The order of a page: by email (default) or by last login, ascending or descending, ties always broken
 * by user id in the same direction, so pages never overlap or skip a user. Never-logged-in users count
 * as the least recently active: first when ascending by last login, last when descending.
 */
record UserSort(Field field, boolean descending) {

    static final UserSort DEFAULT = new UserSort(Field.EMAIL, false);

    enum Field {
        EMAIL("email", "email_lower"),
        LAST_LOGIN_AT("lastLoginAt", "last_login_key");

        private final String parameter;
        private final String column;

        Field(String parameter, String column) {
            this.parameter = parameter;
            this.column = column;
        }

        /** The read model's column this order sorts by. */
        String column() {
            return column;
        }
    }

    /** Reads {@code email}, {@code lastLoginAt}, each optionally followed by {@code ,asc} or {@code ,desc}. */
    static UserSort parse(String value) {
        if (value == null || value.isBlank()) {
            return DEFAULT;
        }
        String[] parts = value.split(",", -1);
        if (parts.length > 2) {
            throw invalid();
        }
        Field field = null;
        for (Field f : Field.values()) {
            if (f.parameter.equals(parts[0].strip())) {
                field = f;
            }
        }
        if (field == null) {
            throw invalid();
        }
        if (parts.length == 1) {
            return new UserSort(field, false);
        }
        return switch (parts[1].strip().toLowerCase(java.util.Locale.ROOT)) {
            case "asc" -> new UserSort(field, false);
            case "desc" -> new UserSort(field, true);
            default -> throw invalid();
        };
    }

    private static ApiProblem invalid() {
        return ApiProblem.invalid("sort must be email or lastLoginAt, optionally followed by ,asc or ,desc");
    }

    /** The ORDER BY clause; both directions read an index forwards or backwards. */
    String orderBy() {
        return orderBy("");
    }

    /** The ORDER BY clause with its columns qualified by {@code alias}. */
    String orderBy(String alias) {
        String direction = descending ? " DESC" : "";
        String prefix = alias.isEmpty() ? "" : alias + ".";
        return prefix + field.column + direction + ", " + prefix + "user_id" + direction;
    }
}
