package org.atrium.web;

import java.security.Principal;
import java.util.Set;

/** An authenticated user and the roles the realm gave them. */
public record WebUser(String name, Set<String> roles) implements Principal {

    public WebUser {
        roles = Set.copyOf(roles);
    }

    @Override
    public String getName() {
        return name;
    }

    public boolean hasRole(String role) {
        return roles.contains(role);
    }

    public boolean hasAnyOf(Set<String> wanted) {
        return wanted.stream().anyMatch(roles::contains);
    }
}
