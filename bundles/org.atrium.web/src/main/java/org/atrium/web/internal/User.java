package org.atrium.web.internal;

import java.security.Principal;
import java.util.Set;

/** Who made a request, and the roles the realm gave them. */
record User(String name, Set<String> roles) implements Principal {

    User {
        roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return name;
    }

    boolean hasAnyOf(Set<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }
}
