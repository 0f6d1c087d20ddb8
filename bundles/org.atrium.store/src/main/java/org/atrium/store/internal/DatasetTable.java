package org.atrium.store.internal;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import org.atrium.store.Dataset;
import org.atrium.store.Datasets;
import org.atrium.store.StoreException;
import org.atrium.store.StoreException.Reason;

/** Datasets in the index database, in the store's transactions. */
final class DatasetTable implements Datasets {

    private static final int MAX_NAME = 200;
    private static final int MAX_QUERY = 4000;
    private static final String SELECT = "SELECT d.id, d.name, d.query, d.owner, d.created_at,"
            + " (SELECT COUNT(*) FROM dataset_series s WHERE s.dataset_id = d.id) FROM dataset d";

    private final DurableStore store;

    DatasetTable(DurableStore store) {
        this.store = store;
    }

    @Override
    public Dataset create(String name, String query, Collection<String> seriesInstanceUids, String owner)
            throws StoreException {
        String checkedName = name(name);
        if (query != null && (query.isBlank() || query.length() > MAX_QUERY)) {
            throw new StoreException(Reason.INVALID_QUERY, "a saved query must have 1 to " + MAX_QUERY + " characters");
        }
        if (query != null && seriesInstanceUids != null && !seriesInstanceUids.isEmpty()) {
            throw new StoreException(
                    Reason.INVALID_QUERY, "a dataset is either a saved query or a list of series, not both");
        }
        return store.inTransaction(c -> {
            requireUniqueName(c, checkedName, -1);
            long id;
            try (PreparedStatement ps = c.prepareStatement("SELECT COALESCE(MAX(id), 0) + 1 FROM dataset");
                    ResultSet rs = ps.executeQuery()) {
                rs.next();
                id = rs.getLong(1);
            }
            try (PreparedStatement ps = c.prepareStatement(
                    "INSERT INTO dataset (id, name, query, owner, created_at) VALUES (?, ?, ?, ?, ?)")) {
                ps.setLong(1, id);
                ps.setString(2, checkedName);
                ps.setString(3, query);
                ps.setString(4, owner == null ? "" : owner);
                ps.setTimestamp(5, Timestamp.from(Instant.now()));
                ps.executeUpdate();
            }
            if (seriesInstanceUids != null) {
                insertSeries(c, id, seriesInstanceUids);
            }
            return find(c, id).orElseThrow();
        });
    }

    @Override
    public List<Dataset> list() throws StoreException {
        return store.inTransaction(c -> {
            List<Dataset> all = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(SELECT + " ORDER BY d.name");
                    ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    all.add(dataset(rs));
                }
            }
            return all;
        });
    }

    @Override
    public Optional<Dataset> get(long id) throws StoreException {
        return store.inTransaction(c -> find(c, id));
    }

    @Override
    public Dataset rename(long id, String name) throws StoreException {
        String checkedName = name(name);
        return store.inTransaction(c -> {
            requireExisting(c, id);
            requireUniqueName(c, checkedName, id);
            try (PreparedStatement ps = c.prepareStatement("UPDATE dataset SET name = ? WHERE id = ?")) {
                ps.setString(1, checkedName);
                ps.setLong(2, id);
                ps.executeUpdate();
            }
            return find(c, id).orElseThrow();
        });
    }

    @Override
    public boolean delete(long id) throws StoreException {
        return store.inTransaction(c -> {
            try (PreparedStatement members = c.prepareStatement("DELETE FROM dataset_series WHERE dataset_id = ?");
                    PreparedStatement dataset = c.prepareStatement("DELETE FROM dataset WHERE id = ?")) {
                members.setLong(1, id);
                members.executeUpdate();
                dataset.setLong(1, id);
                return dataset.executeUpdate() == 1;
            }
        });
    }

    @Override
    public int addSeries(long id, Collection<String> seriesInstanceUids) throws StoreException {
        return store.inTransaction(c -> {
            Dataset dataset = requireExisting(c, id);
            if (dataset.savedQuery()) {
                throw new StoreException(Reason.INVALID_QUERY, "dataset '" + dataset.name() + "' is a saved query");
            }
            insertSeries(c, id, seriesInstanceUids);
            return find(c, id).orElseThrow().seriesCount();
        });
    }

    @Override
    public int removeSeries(long id, Collection<String> seriesInstanceUids) throws StoreException {
        return store.inTransaction(c -> {
            requireExisting(c, id);
            try (PreparedStatement ps =
                    c.prepareStatement("DELETE FROM dataset_series WHERE dataset_id = ? AND series_uid = ?")) {
                for (String uid : seriesInstanceUids) {
                    ps.setLong(1, id);
                    ps.setString(2, uid);
                    ps.executeUpdate();
                }
            }
            return find(c, id).orElseThrow().seriesCount();
        });
    }

    @Override
    public List<String> series(long id) throws StoreException {
        return store.inTransaction(c -> {
            requireExisting(c, id);
            List<String> uids = new ArrayList<>();
            try (PreparedStatement ps = c.prepareStatement(
                    "SELECT series_uid FROM dataset_series WHERE dataset_id = ? ORDER BY position")) {
                ps.setLong(1, id);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        uids.add(rs.getString(1));
                    }
                }
            }
            return uids;
        });
    }

    private static void insertSeries(Connection c, long id, Collection<String> seriesInstanceUids)
            throws SQLException, StoreException {
        long position;
        try (PreparedStatement ps =
                c.prepareStatement("SELECT COALESCE(MAX(position), 0) FROM dataset_series WHERE dataset_id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                rs.next();
                position = rs.getLong(1);
            }
        }
        try (PreparedStatement exists =
                        c.prepareStatement("SELECT 1 FROM dataset_series WHERE dataset_id = ? AND series_uid = ?");
                PreparedStatement insert = c.prepareStatement(
                        "INSERT INTO dataset_series (dataset_id, series_uid, position) VALUES (?, ?, ?)")) {
            for (String uid : new LinkedHashSet<>(seriesInstanceUids)) {
                if (uid == null || uid.length() > 64 || !uid.matches("[0-9.]+")) {
                    throw new StoreException(Reason.INVALID_QUERY, "not a Series Instance UID: '" + uid + "'");
                }
                exists.setLong(1, id);
                exists.setString(2, uid);
                try (ResultSet rs = exists.executeQuery()) {
                    if (rs.next()) {
                        continue;
                    }
                }
                insert.setLong(1, id);
                insert.setString(2, uid);
                insert.setLong(3, ++position);
                insert.executeUpdate();
            }
        }
    }

    private static Optional<Dataset> find(Connection c, long id) throws SQLException {
        try (PreparedStatement ps = c.prepareStatement(SELECT + " WHERE d.id = ?")) {
            ps.setLong(1, id);
            try (ResultSet rs = ps.executeQuery()) {
                return rs.next() ? Optional.of(dataset(rs)) : Optional.empty();
            }
        }
    }

    private static Dataset requireExisting(Connection c, long id) throws SQLException, StoreException {
        return find(c, id).orElseThrow(() -> new StoreException(Reason.INVALID_QUERY, "no dataset " + id));
    }

    private static void requireUniqueName(Connection c, String name, long except) throws SQLException, StoreException {
        try (PreparedStatement ps = c.prepareStatement("SELECT id FROM dataset WHERE name = ? AND id <> ?")) {
            ps.setString(1, name);
            ps.setLong(2, except);
            try (ResultSet rs = ps.executeQuery()) {
                if (rs.next()) {
                    throw new StoreException(Reason.INVALID_QUERY, "a dataset named '" + name + "' exists already");
                }
            }
        }
    }

    private static String name(String name) throws StoreException {
        String trimmed = name == null ? "" : name.trim();
        if (trimmed.isEmpty() || trimmed.length() > MAX_NAME) {
            throw new StoreException(Reason.INVALID_QUERY, "a dataset name must have 1 to " + MAX_NAME + " characters");
        }
        return trimmed;
    }

    private static Dataset dataset(ResultSet rs) throws SQLException {
        return new Dataset(
                rs.getLong(1),
                rs.getString(2),
                rs.getString(3),
                rs.getString(4),
                rs.getTimestamp(5).toInstant(),
                rs.getInt(6));
    }
}
