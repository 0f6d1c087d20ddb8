package org.atrium.extension.api;

import java.util.Set;

/**
 * The series an algorithm or tool accepts: any of {@code modalities} (empty: any) and, when given,
 * any of {@code sopClassUids} (empty: any).
 */
public record InputConstraints(Set<String> modalities, Set<String> sopClassUids) {

    public static final InputConstraints ANY = new InputConstraints(Set.of(), Set.of());

    public InputConstraints {
        modalities = modalities == null ? Set.of() : Set.copyOf(modalities);
        sopClassUids = sopClassUids == null ? Set.of() : Set.copyOf(sopClassUids);
    }

    public static InputConstraints modalities(String... modalities) {
        return new InputConstraints(Set.of(modalities), Set.of());
    }

    public boolean accepts(String modality, String sopClassUid) {
        return (modalities.isEmpty() || modalities.contains(modality))
                && (sopClassUids.isEmpty() || sopClassUids.contains(sopClassUid));
    }
}
