package org.atrium.dicom.objects;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.UUID;

/** UIDs under the {@code 2.25} root (PS3.5 B.2): derived from UUIDs, so nobody has to register a root. */
public final class DicomUids {

    private DicomUids() {}

    /** A new, random UID. */
    public static String create() {
        return of(UUID.randomUUID());
    }

    /** The same UID for the same name, every time (from a name-based UUID). */
    public static String nameBased(String name) {
        return of(UUID.nameUUIDFromBytes(name.getBytes(StandardCharsets.UTF_8)));
    }

    private static String of(UUID uuid) {
        byte[] bytes = ByteBuffer.allocate(16)
                .putLong(uuid.getMostSignificantBits())
                .putLong(uuid.getLeastSignificantBits())
                .array();
        return "2.25." + new BigInteger(1, bytes);
    }
}
