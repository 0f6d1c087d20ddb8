package org.atrium.samples.ctsegmentation;

import java.nio.file.Path;
import java.util.BitSet;
import java.util.List;
import org.atrium.dicom.image.Code;
import org.atrium.dicom.objects.SegmentDefinition;
import org.atrium.dicom.objects.SegmentationBuilder;
import org.atrium.extension.api.Algorithm;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.InputConstraints;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.Resources;
import org.atrium.extension.api.RunContext;
import org.atrium.samples.support.Parameters;
import org.atrium.samples.support.Provenances;
import org.atrium.samples.support.Volume;
import org.osgi.service.component.annotations.Component;

/**
 * Body, lungs and bone of a CT series by Hounsfield thresholds:
 *
 * <ul>
 *   <li>body: above {@code bodyThreshold}, opened, its largest 3D component, holes filled slice by
 *       slice (so the lungs and airways are inside it);
 *   <li>lungs: {@code lungLow}..{@code lungHigh} inside the body, opened, the two largest
 *       components, closed (vessels included);
 *   <li>bone: above {@code boneThreshold} inside the body, closed, components of at least {@code
 *       minBoneVoxels}.
 * </ul>
 *
 * One DICOM SEG with the three segments is the result.
 */
@Component(service = Algorithm.class)
public final class CtSegmentation implements Algorithm {

    public static final String ID = "org.atrium.samples.ct-segmentation";
    public static final String VERSION = "1.0.0";
    static final String VENDOR = "Atrium samples";
    static final String METHOD = "HU threshold, connected components, morphology";

    static final Code ENTIRE_BODY = new Code("38266002", "SCT", "Entire body");
    static final Code LUNG = new Code("39607008", "SCT", "Lung");
    static final Code BONE = new Code("272673000", "SCT", "Bone");

    static final String SCHEMA =
            """
            {
              "type": "object",
              "properties": {
                "bodyThreshold": {"type": "number", "default": -500, "minimum": -1100, "maximum": 3000,
                  "title": "Body: lowest HU"},
                "lungLow": {"type": "number", "default": -950, "minimum": -1100, "maximum": 0,
                  "title": "Lungs: lowest HU"},
                "lungHigh": {"type": "number", "default": -400, "minimum": -1100, "maximum": 0,
                  "title": "Lungs: highest HU"},
                "boneThreshold": {"type": "number", "default": 300, "minimum": 0, "maximum": 3000,
                  "title": "Bone: lowest HU"},
                "openingIterations": {"type": "integer", "default": 1, "minimum": 0, "maximum": 5,
                  "title": "Opening (erosion, dilation) steps"},
                "closingIterations": {"type": "integer", "default": 1, "minimum": 0, "maximum": 5,
                  "title": "Closing (dilation, erosion) steps"},
                "minBoneVoxels": {"type": "integer", "default": 20, "minimum": 0,
                  "title": "Smallest bone fragment kept, in voxels"}
              }
            }
            """;

    private static final AlgorithmDescriptor DESCRIPTOR = new AlgorithmDescriptor(
            ID,
            VERSION,
            VENDOR,
            "CT body, lungs and bone",
            "Segments body, lungs and bone of a CT series by HU thresholds, connected components and"
                    + " morphological clean-up; writes one DICOM SEG.",
            InputConstraints.modalities("CT"),
            SCHEMA,
            new Resources(1, 2048, false),
            AlgorithmDescriptor.Scope.SERIES);

    @Override
    public AlgorithmDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void run(RunContext context) throws Exception {
        for (InputSeries series : context.inputs()) {
            segment(context, series);
        }
    }

    private void segment(RunContext context, InputSeries series) throws Exception {
        Parameters parameters = new Parameters(context.parameters());
        double bodyThreshold = parameters.number("bodyThreshold", -500);
        double lungLow = parameters.number("lungLow", -950);
        double lungHigh = parameters.number("lungHigh", -400);
        double boneThreshold = parameters.number("boneThreshold", 300);
        int opening = parameters.integer("openingIterations", 1);
        int closing = parameters.integer("closingIterations", 1);
        int minBoneVoxels = parameters.integer("minBoneVoxels", 20);
        if (lungLow >= lungHigh) {
            throw new IllegalArgumentException("lungLow (" + lungLow + ") must be below lungHigh (" + lungHigh + ")");
        }

        context.log("reading " + series.files().size() + " slices of series " + series.seriesInstanceUid());
        Volume volume = Volume.read(context, series.files(), 0.4);
        float[] hu = volume.voxels();
        Morphology morphology = new Morphology(volume.columns(), volume.rows(), volume.slices(), context::cancelled);

        context.progress(0.4, "body");
        boolean[] body = threshold(hu, v -> v > bodyThreshold);
        body = morphology.open(body, opening);
        List<Morphology.Component> bodyParts = morphology.components(body);
        if (bodyParts.isEmpty()) {
            throw new IllegalStateException("no voxel above " + bodyThreshold + " HU: is this a CT of a body?");
        }
        body = morphology.fillHolesPerSlice(morphology.keep(body, bodyParts.subList(0, 1)));
        context.log("body: " + count(body) + " voxels");

        context.progress(0.6, "lungs");
        boolean[] inBody = body;
        boolean[] lungs = threshold(hu, v -> v >= lungLow && v <= lungHigh);
        and(lungs, inBody);
        lungs = morphology.open(lungs, opening);
        List<Morphology.Component> lungParts = morphology.components(lungs);
        lungs = morphology.keep(lungs, lungParts.subList(0, Math.min(2, lungParts.size())));
        lungs = morphology.close(lungs, closing);
        and(lungs, inBody);
        context.log("lungs: " + count(lungs) + " voxels in " + Math.min(2, lungParts.size()) + " components of "
                + lungParts.size());

        context.progress(0.75, "bone");
        boolean[] bone = threshold(hu, v -> v > boneThreshold);
        and(bone, inBody);
        bone = morphology.close(bone, closing);
        and(bone, inBody);
        List<Morphology.Component> boneParts = morphology.components(bone);
        bone = morphology.keep(
                bone, boneParts.stream().filter(c -> c.size() >= minBoneVoxels).toList());
        context.log("bone: " + count(bone) + " voxels");

        context.progress(0.85, "writing the segmentation");
        SegmentationBuilder seg = new SegmentationBuilder(context.dicom(), volume.files())
                .contributor(Provenances.contributor(VENDOR, context.provenance()))
                .seriesDescription("Body, lungs, bone (HU thresholds)")
                .contentLabel("BODY_LUNGS_BONE")
                .contentDescription(METHOD);
        int bodySegment = seg.addSegment(SegmentDefinition.automatic(
                "Body", SegmentDefinition.ANATOMICAL_STRUCTURE, ENTIRE_BODY, METHOD, 0xE0B48C));
        int lungSegment = seg.addSegment(
                SegmentDefinition.automatic("Lungs", SegmentDefinition.ANATOMICAL_STRUCTURE, LUNG, METHOD, 0x4F9FE0));
        int boneSegment =
                seg.addSegment(SegmentDefinition.automatic("Bone", SegmentDefinition.TISSUE, BONE, METHOD, 0xF2F2E6));
        int sliceSize = volume.sliceSize();
        for (int z = 0; z < volume.slices(); z++) {
            if (context.cancelled()) {
                throw new java.util.concurrent.CancellationException("cancelled");
            }
            seg.setMask(bodySegment, z, slice(body, z, sliceSize));
            seg.setMask(lungSegment, z, slice(lungs, z, sliceSize));
            seg.setMask(boneSegment, z, slice(bone, z, sliceSize));
        }
        if (seg.frameCount() == 0) {
            context.log("nothing found: no segmentation written");
            return;
        }
        Path file = seg.write(context.workDir().resolve("seg-" + series.seriesInstanceUid() + ".dcm"));
        context.output().add(file);
        context.progress(1, "done");
    }

    private interface FloatPredicate {
        boolean test(float value);
    }

    private static boolean[] threshold(float[] values, FloatPredicate predicate) {
        boolean[] mask = new boolean[values.length];
        for (int i = 0; i < values.length; i++) {
            mask[i] = predicate.test(values[i]);
        }
        return mask;
    }

    private static void and(boolean[] target, boolean[] other) {
        for (int i = 0; i < target.length; i++) {
            target[i] &= other[i];
        }
    }

    static int count(boolean[] mask) {
        int count = 0;
        for (boolean set : mask) {
            if (set) {
                count++;
            }
        }
        return count;
    }

    private static BitSet slice(boolean[] mask, int z, int sliceSize) {
        BitSet bits = new BitSet(sliceSize);
        int base = z * sliceSize;
        for (int i = 0; i < sliceSize; i++) {
            if (mask[base + i]) {
                bits.set(i);
            }
        }
        return bits;
    }
}
