package org.atrium.extension.internal;

import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.atrium.extension.ExtensionException;

/**
 * What installing some extension features does to the versions installed now: a newer version
 * upgrades (the installed older versions are to be {@link #replaced}), the same version changes
 * nothing, and an older version than the installed one is refused.
 *
 * @param replaced installed versions that the new ones replace, to be uninstalled after the install
 */
record UpgradePlan(List<FeatureRef> replaced) {

    UpgradePlan {
        replaced = List.copyOf(replaced);
    }

    static UpgradePlan of(Collection<FeatureRef> incoming, Collection<FeatureRef> installed) throws ExtensionException {
        List<FeatureRef> replaced = new ArrayList<>();
        for (FeatureRef next : incoming) {
            for (FeatureRef current : installed) {
                if (!current.name().equals(next.name())) {
                    continue;
                }
                int order = current.version().compareTo(next.version());
                if (order > 0) {
                    throw new ExtensionException(current + " is installed, newer than " + next.version()
                            + ": to go back, uninstall it first (atrium:ext-uninstall " + current.name() + ")");
                }
                if (order < 0 && !replaced.contains(current)) {
                    replaced.add(current);
                }
            }
        }
        return new UpgradePlan(replaced);
    }
}
