package org.atrium.samples.pdfreport;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CancellationException;
import javax.imageio.ImageIO;
import org.atrium.dicom.Attributes;
import org.atrium.dicom.Tag;
import org.atrium.dicom.image.ContentItem;
import org.atrium.dicom.image.Segment;
import org.atrium.dicom.image.StructuredReport;
import org.atrium.dicom.image.Window;
import org.atrium.dicom.objects.EncapsulatedPdfBuilder;
import org.atrium.extension.api.Algorithm;
import org.atrium.extension.api.AlgorithmDescriptor;
import org.atrium.extension.api.InputConstraints;
import org.atrium.extension.api.InputSeries;
import org.atrium.extension.api.Resources;
import org.atrium.extension.api.RunContext;
import org.atrium.samples.support.Parameters;
import org.atrium.samples.support.Provenances;
import org.atrium.samples.support.SegmentMasks;
import org.atrium.samples.support.SegmentedSeries;
import org.atrium.samples.support.Volume;
import org.osgi.service.component.annotations.Component;

/**
 * A PDF study report per Segmentation in a dataset: patient and study, the measurements (those of
 * the dataset's measurement reports on that Segmentation when there are any, else voxel count,
 * volume and mean HU computed here), and a key image per segment, the slice where it is largest,
 * with every segment drawn over the CT in its colour. Stored as Encapsulated PDF.
 */
@Component(service = Algorithm.class)
public final class PdfReport implements Algorithm {

    public static final String ID = "org.atrium.samples.pdf-report";
    public static final String VERSION = "1.0.0";
    static final String VENDOR = "Atrium samples";
    static final double OVERLAY_OPACITY = 0.45;

    static final String SCHEMA =
            """
            {
              "type": "object",
              "properties": {
                "title": {"type": "string", "default": "Study report", "title": "Report title"},
                "windowCenter": {"type": "number", "default": -400, "title": "Key image window centre (HU)"},
                "windowWidth": {"type": "number", "default": 1600, "minimum": 1, "title": "Key image window width (HU)"}
              }
            }
            """;

    private static final AlgorithmDescriptor DESCRIPTOR = new AlgorithmDescriptor(
            ID,
            VERSION,
            VENDOR,
            "PDF study report",
            "A PDF report with key images (segments over the CT) and measurements of each SEG in the"
                    + " dataset, stored as DICOM Encapsulated PDF.",
            InputConstraints.modalities("CT", "SEG", "SR"),
            SCHEMA,
            new Resources(1, 1024, false),
            AlgorithmDescriptor.Scope.DATASET);

    @Override
    public AlgorithmDescriptor descriptor() {
        return DESCRIPTOR;
    }

    @Override
    public void run(RunContext context) throws Exception {
        Parameters parameters = new Parameters(context.parameters());
        String title = parameters.text("title", "Study report");
        Window window = new Window(parameters.number("windowCenter", -400), parameters.number("windowWidth", 1600));
        SegmentedSeries.Pairing pairing = SegmentedSeries.pair(context.images(), context.inputs());
        pairing.unmatched().forEach(u -> context.log("skipped segmentation " + u));
        if (pairing.pairs().isEmpty()) {
            throw new IllegalArgumentException("the dataset has no SEG series together with the series it segments");
        }
        List<StructuredReport> reports = reports(context);
        int done = 0;
        for (SegmentedSeries pair : pairing.pairs()) {
            double share = 1.0 / pairing.pairs().size();
            double base = done * share;
            Volume volume = Volume.read(
                    context.images(),
                    pair.source().files(),
                    context::cancelled,
                    (read, total) ->
                            context.progress(base + share * 0.5 * read / total, "read slice " + read + " of " + total));
            Map<Segment, BitSet> masks = SegmentMasks.of(pair.segmentation(), volume);
            Attributes segHeader = context.dicom().readHeader(pair.segmentationFile());
            Attributes sourceHeader = context.dicom().readHeader(volume.files().get(0));
            EncapsulatedPdfBuilder document = new EncapsulatedPdfBuilder(context.dicom(), segHeader)
                    .documentTitle(title)
                    .seriesDescription(title)
                    .contributor(Provenances.contributor(VENDOR, context.provenance()))
                    .sourceInstance(segHeader);

            PdfWriter pdf = new PdfWriter();
            PdfWriter.Page page = pdf.newPage();
            float y = PdfWriter.A4_HEIGHT - 60;
            page.text(50, y, 18, true, title);
            y -= 28;
            y = line(
                    page,
                    y,
                    "Patient",
                    sourceHeader.getString(Tag.PatientName) + " (" + sourceHeader.getString(Tag.PatientID) + ")");
            y = line(
                    page,
                    y,
                    "Study",
                    orDash(sourceHeader.getString(Tag.StudyDate)) + "  "
                            + orDash(sourceHeader.getString(Tag.StudyDescription)));
            y = line(
                    page,
                    y,
                    "Series",
                    orDash(sourceHeader.getString(Tag.SeriesDescription)) + " (" + volume.slices() + " slices)");
            y = line(page, y, "Segmentation", orDash(segHeader.getString(Tag.SeriesDescription)));
            y = line(page, y, "Made by", ID + " " + VERSION + ", job " + context.jobId());
            y -= 14;
            page.text(50, y, 13, true, "Measurements");
            y -= 18;
            List<String> rows = measuredRows(reports, pair.segmentation().sopInstanceUid());
            if (rows.isEmpty()) {
                rows = computedRows(volume, masks);
                page.text(
                        50,
                        y,
                        8,
                        false,
                        "Computed for this report (no measurement report on this segmentation in the dataset).");
                y -= 14;
            }
            for (String row : rows) {
                if (y < 60) {
                    page = pdf.newPage();
                    y = PdfWriter.A4_HEIGHT - 60;
                }
                page.text(60, y, 9, false, row);
                y -= 12;
            }

            int image = 0;
            for (Map.Entry<Segment, BitSet> entry : masks.entrySet()) {
                if (context.cancelled()) {
                    throw new CancellationException("cancelled");
                }
                int z = largestSlice(entry.getValue(), volume);
                if (z < 0) {
                    continue;
                }
                BufferedImage keyImage = overlay(
                        context.images().render(volume.files().get(z), 0, window), masks, z, volume.sliceSize());
                PdfWriter.Image jpeg = pdf.addJpeg(jpeg(keyImage), keyImage.getWidth(), keyImage.getHeight(), false);
                if (image % 2 == 0) {
                    page = pdf.newPage();
                }
                float top = image % 2 == 0 ? PdfWriter.A4_HEIGHT - 60 : PdfWriter.A4_HEIGHT / 2 - 20;
                Segment segment = entry.getKey();
                page.fill(50, top - 12, 10, 10, segment.rgb());
                page.text(
                        66,
                        top - 11,
                        11,
                        true,
                        segment.label() + ": slice " + (z + 1) + " of " + volume.slices() + " (largest extent)");
                float size = 330;
                page.image(jpeg, 50, top - 20 - size, size, size);
                image++;
                context.progress(base + share * (0.5 + 0.5 * image / masks.size()), "key image " + image);
            }
            byte[] bytes = pdf.toBytes();
            Files.write(context.workDir().resolve("report-" + done + ".pdf"), bytes);
            Path file = document.write(bytes, context.workDir().resolve("pdf-" + done + ".dcm"));
            context.output().add(file);
            done++;
        }
        context.progress(1, "done");
    }

    private static float line(PdfWriter.Page page, float y, String label, String value) {
        page.text(50, y, 10, true, label);
        page.text(140, y, 10, false, value);
        return y - 14;
    }

    private static String orDash(String value) {
        return value == null ? "-" : value;
    }

    /** The measurement reports among the inputs. */
    private static List<StructuredReport> reports(RunContext context) {
        List<StructuredReport> reports = new ArrayList<>();
        for (InputSeries series : context.inputs()) {
            if (!"SR".equals(series.modality())) {
                continue;
            }
            for (Path file : series.files()) {
                try {
                    reports.add(context.images().structuredReport(file));
                } catch (IOException | IllegalArgumentException e) {
                    context.log("not a readable report, left out: " + file.getFileName() + ": " + e.getMessage());
                }
            }
        }
        return reports;
    }

    /** "Lungs: Mean Attenuation Coefficient -850.1 [hnsf'U]" for each NUM of groups on this SEG. */
    static List<String> measuredRows(List<StructuredReport> reports, String segmentationUid) {
        List<String> rows = new ArrayList<>();
        for (StructuredReport report : reports) {
            for (ContentItem container : report.root().children()) {
                for (ContentItem group : container.children()) {
                    boolean onThisSeg = group.children().stream()
                            .anyMatch(c -> segmentationUid.equals(c.referencedSopInstanceUid()));
                    if (!onThisSeg) {
                        continue;
                    }
                    String tracking = group.children().stream()
                            .filter(c -> "Tracking Identifier".equals(c.conceptMeaning()))
                            .map(ContentItem::text)
                            .findFirst()
                            .orElse("Segment");
                    for (ContentItem item : group.children()) {
                        if (!"NUM".equals(item.valueType()) || item.number() == null) {
                            continue;
                        }
                        String derivation = item.children().stream()
                                .filter(c -> c.valueCode() != null)
                                .map(c -> c.valueCode().meaning() + " ")
                                .findFirst()
                                .orElse("");
                        rows.add(tracking + ": " + derivation + item.conceptMeaning() + "  " + format(item.number())
                                + " " + (item.unit() == null ? "" : item.unit().value()));
                    }
                }
            }
        }
        return rows;
    }

    static List<String> computedRows(Volume volume, Map<Segment, BitSet> masks) {
        List<String> rows = new ArrayList<>();
        float[] voxels = volume.voxels();
        for (Map.Entry<Segment, BitSet> entry : masks.entrySet()) {
            BitSet mask = entry.getValue();
            double sum = 0;
            for (int i = mask.nextSetBit(0); i >= 0; i = mask.nextSetBit(i + 1)) {
                sum += voxels[i];
            }
            int n = mask.cardinality();
            rows.add(String.format(
                    Locale.ROOT,
                    "%s: %d voxels, volume %s mm3, mean %s HU",
                    entry.getKey().label(),
                    n,
                    format(n * volume.voxelVolumeMm3()),
                    n == 0 ? "-" : format(sum / n)));
        }
        return rows;
    }

    static String format(double value) {
        return String.format(Locale.ROOT, Math.abs(value) >= 1e6 ? "%.4g" : "%.1f", value);
    }

    private static int largestSlice(BitSet mask, Volume volume) {
        int best = -1;
        int bestArea = 0;
        int sliceSize = volume.sliceSize();
        for (int z = 0; z < volume.slices(); z++) {
            int area = mask.get(z * sliceSize, (z + 1) * sliceSize).cardinality();
            if (area > bestArea) {
                bestArea = area;
                best = z;
            }
        }
        return best;
    }

    /** The rendered slice in colour with every segment blended over it. */
    static BufferedImage overlay(BufferedImage grey, Map<Segment, BitSet> masks, int z, int sliceSize) {
        int width = grey.getWidth();
        int height = grey.getHeight();
        BufferedImage rgb = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int pixel = grey.getRGB(x, y) & 0xFFFFFF;
                int i = z * sliceSize + y * width + x;
                for (Map.Entry<Segment, BitSet> entry : masks.entrySet()) {
                    if (entry.getValue().get(i)) {
                        pixel = blend(pixel, entry.getKey().rgb());
                    }
                }
                rgb.setRGB(x, y, pixel);
            }
        }
        return rgb;
    }

    private static int blend(int under, int colour) {
        int result = 0;
        for (int shift = 0; shift <= 16; shift += 8) {
            double a = (under >> shift) & 0xFF;
            double b = (colour >> shift) & 0xFF;
            result |= ((int) Math.round(a * (1 - OVERLAY_OPACITY) + b * OVERLAY_OPACITY)) << shift;
        }
        return result;
    }

    private static byte[] jpeg(BufferedImage image) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        if (!ImageIO.write(image, "jpeg", out)) {
            throw new IOException("no JPEG writer in this Java runtime");
        }
        return out.toByteArray();
    }
}
