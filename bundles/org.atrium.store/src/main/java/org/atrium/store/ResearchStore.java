package org.atrium.store;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.osgi.annotation.versioning.ProviderType;

/** The research store service. */
@ProviderType
public interface ResearchStore {

    /**
     * A folder on the store's file system where producers write objects before handing them to
     * {@link #store}, so that taking them in is an atomic rename.
     */
    Path incomingDir();

    /**
     * Takes a complete Part 10 file into the store. Returns only once the object's bytes are on
     * disk (fsync) and its index rows are committed. The file is moved, not copied; on failure it
     * is left where it was, for the caller to discard.
     */
    StoreResult store(Path part10File, IngestContext context) throws StoreException;

    Optional<InstanceRecord> instance(String sopInstanceUid);

    /** Instances at a level, identified by the UID (or patient key) of that level. */
    List<InstanceRecord> instances(Level level, String uid);

    /** The project/dataset labels of a series, sorted; empty for an unknown series. */
    List<String> labels(String seriesInstanceUid);

    /**
     * Instances whose {@link InstanceRecord#receivedAt()} is at or after {@code since}, oldest
     * first (ties in SOP Instance UID order), at most {@code limit}. For the next page pass the
     * last record's {@code receivedAt} and its SOP Instance UID as {@code afterUid}: records of that
     * instant are then returned only after it. A replaced instance shows once, at its new time.
     * For catching up on {@link StoreEvents#INSTANCE_STORED} events that were never handled (the
     * platform stopped between storing and handling).
     *
     * @since 1.2
     */
    List<InstanceRecord> receivedSince(Instant since, String afterUid, int limit) throws StoreException;

    /** Opens an instance's file for reading. */
    InputStream open(InstanceRecord instance) throws IOException;

    /** The file of an instance; read it, never write it. */
    Path file(InstanceRecord instance);

    /** Finds entities at {@code query.level()} matching the query's keys (DICOM matching rules). */
    List<Match> find(StoreQuery query) throws StoreException;

    /**
     * Walks every study, series or instance in UID order, {@code limit} at a time: the matches
     * after {@code afterUid} ({@code null} for the first page), with the same values as
     * {@link #find}. Unlike {@code find} it has no cap, for reindexing and verifying large stores.
     *
     * @throws IllegalArgumentException for {@link Level#PATIENT}, which has no UID
     */
    List<Match> page(Level level, String afterUid, int limit) throws StoreException;

    /** Deletes the files and index rows of a patient, study, series or instance; returns the instances deleted. */
    int delete(Level level, String uid) throws StoreException;

    StoreStatistics statistics() throws StoreException;

    /** Compares files and index rows; read only. */
    VerifyReport verify() throws StoreException;

    enum Level {
        PATIENT,
        STUDY,
        SERIES,
        INSTANCE
    }
}
