package org.atrium.dicom.net.internal;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.atrium.dicom.AssociationInfo;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.DicomException;
import org.atrium.dicom.DicomFiles;
import org.atrium.dicom.DicomNode;
import org.atrium.dicom.InformationModel;
import org.atrium.dicom.QueryLevel;
import org.atrium.dicom.QueryScp;
import org.atrium.dicom.RetrieveScp;
import org.atrium.dicom.Status;
import org.atrium.dicom.StorageScp;
import org.atrium.dicom.Tag;
import org.atrium.dicom.net.DicomNodes;
import org.atrium.dicom.net.RemoteNode;
import org.atrium.store.IngestContext;
import org.atrium.store.InstanceRecord;
import org.atrium.store.Match;
import org.atrium.store.ResearchStore;
import org.atrium.store.StoreException;
import org.atrium.store.StoreQuery;
import org.atrium.store.StoreResult;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** The research store seen through DICOM: C-STORE into it, C-FIND, C-MOVE and C-GET out of it. */
final class StoreServices implements StorageScp, QueryScp, RetrieveScp {

    private static final Logger LOG = LoggerFactory.getLogger(StoreServices.class);

    private final ResearchStore store;
    private final DicomFiles dicom;
    private final DicomNodes nodes;
    private final Routing routing;
    private final String aeTitle;

    StoreServices(ResearchStore store, DicomFiles dicom, DicomNodes nodes, Routing routing, String aeTitle) {
        this.store = store;
        this.dicom = dicom;
        this.nodes = nodes;
        this.routing = routing;
        this.aeTitle = aeTitle;
    }

    @Override
    public void store(
            AssociationInfo association,
            String sopClassUid,
            String sopInstanceUid,
            String transferSyntaxUid,
            Path receivedFile)
            throws DicomException {
        IngestContext context = new IngestContext(
                association.callingAet(),
                association.calledAet(),
                routing.labelsFor(association.callingAet(), association.calledAet()));
        try {
            StoreResult result = store.store(receivedFile, context);
            if (!result.instance().sopInstanceUid().equals(sopInstanceUid)) {
                LOG.warn(
                        "{} sent SOP Instance {} but the data set says {}",
                        association.callingAet(),
                        sopInstanceUid,
                        result.instance().sopInstanceUid());
            }
        } catch (StoreException e) {
            int status =
                    switch (e.reason()) {
                        case INVALID_OBJECT, INVALID_QUERY -> Status.CannotUnderstand;
                        case OUT_OF_RESOURCES -> Status.OutOfResources;
                        case INTERNAL -> Status.ProcessingFailure;
                    };
            LOG.warn("C-STORE of {} from {} refused: {}", sopInstanceUid, association.callingAet(), e.getMessage());
            throw new DicomException(status, e.getMessage(), e);
        }
    }

    @Override
    public void find(AssociationInfo association, InformationModel model, Attributes keys, Matches matches)
            throws DicomException {
        StoreQuery query = query(model, keys);
        List<Match> found;
        try {
            found = store.find(query);
        } catch (StoreException e) {
            throw new DicomException(
                    e.reason() == StoreException.Reason.INVALID_QUERY
                            ? Status.IdentifierDoesNotMatchSOPClass
                            : Status.UnableToProcess,
                    e.getMessage(),
                    e);
        }
        for (Match match : found) {
            if (!matches.add(response(keys, match))) {
                return;
            }
        }
    }

    private StoreQuery query(InformationModel model, Attributes keys) throws DicomException {
        QueryLevel level = QueryLevel.parse(keys.getString(Tag.QueryRetrieveLevel));
        if (level == null) {
            throw new DicomException(
                    Status.IdentifierDoesNotMatchSOPClass,
                    "Query/Retrieve Level is missing or invalid: '" + keys.getString(Tag.QueryRetrieveLevel) + "'");
        }
        if (level == QueryLevel.PATIENT && model == InformationModel.STUDY_ROOT) {
            throw new DicomException(Status.IdentifierDoesNotMatchSOPClass, "PATIENT level is not part of Study Root");
        }
        Map<String, String> values = new HashMap<>();
        for (int tag : keys.tags()) {
            String keyword = dicom.keywordOf(tag);
            if (keyword != null && tag != Tag.QueryRetrieveLevel && tag != Tag.SpecificCharacterSet) {
                String[] all = keys.getStrings(tag);
                values.put(keyword, all.length == 0 ? "" : String.join("\\", all));
            }
        }
        return new StoreQuery(
                ResearchStore.Level.valueOf(level == QueryLevel.IMAGE ? "INSTANCE" : level.name()), values);
    }

    /** The match with exactly the keys the request asked for, plus the level and where to retrieve. */
    private Attributes response(Attributes keys, Match match) {
        Attributes response = dicom.newAttributes();
        for (int tag : keys.tags()) {
            if (tag == Tag.SpecificCharacterSet) {
                continue;
            }
            String keyword = dicom.keywordOf(tag);
            String value = keyword == null ? null : match.get(keyword);
            if (tag == Tag.QueryRetrieveLevel) {
                response.setString(tag, keys.getString(tag));
            } else if (value == null) {
                response.setString(tag);
            } else {
                response.setString(tag, value.split("\\\\"));
            }
        }
        response.setString(Tag.RetrieveAETitle, aeTitle);
        return response;
    }

    @Override
    public List<Path> locate(AssociationInfo association, InformationModel model, Attributes keys)
            throws DicomException {
        StoreQuery byLevel = query(model, keys);
        StoreQuery instances = new StoreQuery(ResearchStore.Level.INSTANCE, byLevel.keys());
        if (instances.keys().values().stream().allMatch(v -> v == null || v.isBlank() || v.equals("*"))) {
            throw new DicomException(Status.IdentifierDoesNotMatchSOPClass, "a retrieve needs at least one unique key");
        }
        List<Path> files = new ArrayList<>();
        try {
            for (Match match : store.find(instances)) {
                InstanceRecord instance =
                        store.instance(match.get("SOPInstanceUID")).orElse(null);
                if (instance != null) {
                    files.add(store.file(instance));
                }
            }
        } catch (StoreException e) {
            throw new DicomException(Status.UnableToProcess, e.getMessage(), e);
        }
        return files;
    }

    @Override
    public DicomNode destination(String destinationAet) {
        return nodes.list().stream()
                .filter(n -> n.node().aeTitle().equals(destinationAet))
                .filter(n -> n.purposes().contains(RemoteNode.Purpose.MOVE_DESTINATION))
                .map(RemoteNode::node)
                .findFirst()
                .orElse(null);
    }
}
