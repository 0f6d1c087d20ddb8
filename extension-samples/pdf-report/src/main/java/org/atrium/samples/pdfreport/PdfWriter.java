package org.atrium.samples.pdfreport;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A minimal PDF 1.4 writer, because the platform has no PDF library and a report needs little:
 * A4 pages with text in Helvetica (WinAnsi, so Latin-1 text; other characters become {@code ?}),
 * filled rectangles, and JPEG images embedded as they are (DCTDecode). Coordinates are PDF points
 * from the bottom-left corner.
 */
final class PdfWriter {

    static final float A4_WIDTH = 595;
    static final float A4_HEIGHT = 842;

    private final List<byte[]> objects = new ArrayList<>();
    private final List<Page> pages = new ArrayList<>();
    private final int catalog;
    private final int pageTree;
    private final int font;
    private final int boldFont;

    PdfWriter() {
        catalog = reserve();
        pageTree = reserve();
        font = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>");
        boldFont = add("<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>");
    }

    /** A JPEG to place on pages; {@code width × height} pixels, RGB or grey. */
    record Image(int objectNumber, int width, int height) {}

    Image addJpeg(byte[] jpeg, int width, int height, boolean grey) {
        String dictionary = "<< /Type /XObject /Subtype /Image /Width " + width + " /Height " + height
                + " /ColorSpace " + (grey ? "/DeviceGray" : "/DeviceRGB")
                + " /BitsPerComponent 8 /Filter /DCTDecode /Length " + jpeg.length + " >>";
        return new Image(addStream(dictionary, jpeg), width, height);
    }

    Page newPage() {
        Page page = new Page();
        pages.add(page);
        return page;
    }

    /** One page: its drawing operators, the images it uses. */
    final class Page {
        private final StringBuilder content = new StringBuilder();
        private final List<Image> images = new ArrayList<>();

        Page text(float x, float y, float size, boolean bold, String text) {
            content.append(String.format(
                    Locale.ROOT,
                    "BT /%s %.1f Tf %.2f %.2f Td (%s) Tj ET\n",
                    bold ? "F2" : "F1",
                    size,
                    x,
                    y,
                    escape(text)));
            return this;
        }

        Page fill(float x, float y, float width, float height, int rgb) {
            content.append(String.format(
                    Locale.ROOT,
                    "q %.3f %.3f %.3f rg %.2f %.2f %.2f %.2f re f Q\n",
                    ((rgb >> 16) & 0xFF) / 255.0,
                    ((rgb >> 8) & 0xFF) / 255.0,
                    (rgb & 0xFF) / 255.0,
                    x,
                    y,
                    width,
                    height));
            return this;
        }

        Page image(Image image, float x, float y, float width, float height) {
            if (!images.contains(image)) {
                images.add(image);
            }
            content.append(String.format(
                    Locale.ROOT,
                    "q %.2f 0 0 %.2f %.2f %.2f cm /Im%d Do Q\n",
                    width,
                    height,
                    x,
                    y,
                    image.objectNumber()));
            return this;
        }
    }

    /** The document's bytes. */
    byte[] toBytes() {
        StringBuilder kids = new StringBuilder();
        for (Page page : pages) {
            int contents = addStream("<< /Length %d >>", page.content.toString().getBytes(StandardCharsets.ISO_8859_1));
            StringBuilder xObjects = new StringBuilder();
            for (Image image : page.images) {
                xObjects.append(" /Im")
                        .append(image.objectNumber())
                        .append(' ')
                        .append(image.objectNumber())
                        .append(" 0 R");
            }
            int pageObject = add("<< /Type /Page /Parent " + pageTree + " 0 R /MediaBox [0 0 595 842]"
                    + " /Resources << /Font << /F1 " + font + " 0 R /F2 " + boldFont + " 0 R >>"
                    + (xObjects.length() > 0 ? " /XObject <<" + xObjects + " >>" : "")
                    + " >> /Contents " + contents + " 0 R >>");
            kids.append(pageObject).append(" 0 R ");
        }
        set(pageTree, "<< /Type /Pages /Kids [" + kids.toString().trim() + "] /Count " + pages.size() + " >>");
        set(catalog, "<< /Type /Catalog /Pages " + pageTree + " 0 R >>");
        int info = add("<< /Producer (Atrium sample pdf-report) >>");

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        // The comment of high bytes tells transfer programs that the file is binary.
        write(out, "%PDF-1.4\n%\u00e2\u00e3\u00cf\u00d3\n");
        long[] offsets = new long[objects.size() + 1];
        for (int i = 0; i < objects.size(); i++) {
            offsets[i + 1] = out.size();
            write(out, (i + 1) + " 0 obj\n");
            out.writeBytes(objects.get(i));
            write(out, "\nendobj\n");
        }
        long xref = out.size();
        StringBuilder table = new StringBuilder("xref\n0 " + (objects.size() + 1) + "\n0000000000 65535 f \n");
        for (int i = 1; i <= objects.size(); i++) {
            table.append(String.format(Locale.ROOT, "%010d 00000 n \n", offsets[i]));
        }
        table.append("trailer\n<< /Size ")
                .append(objects.size() + 1)
                .append(" /Root ")
                .append(catalog)
                .append(" 0 R /Info ")
                .append(info)
                .append(" 0 R >>\nstartxref\n")
                .append(xref)
                .append("\n%%EOF\n");
        write(out, table.toString());
        return out.toByteArray();
    }

    private int reserve() {
        objects.add(null);
        return objects.size();
    }

    private void set(int number, String dictionary) {
        objects.set(number - 1, dictionary.getBytes(StandardCharsets.ISO_8859_1));
    }

    private int add(String dictionary) {
        objects.add(dictionary.getBytes(StandardCharsets.ISO_8859_1));
        return objects.size();
    }

    /** A stream object; {@code %d} in the dictionary, if any, becomes the length. */
    private int addStream(String dictionary, byte[] data) {
        ByteArrayOutputStream object = new ByteArrayOutputStream();
        write(object, String.format(Locale.ROOT, dictionary, data.length) + "\nstream\n");
        object.writeBytes(data);
        write(object, "\nendstream");
        objects.add(object.toByteArray());
        return objects.size();
    }

    private static void write(ByteArrayOutputStream out, String text) {
        out.writeBytes(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** A PDF literal string in WinAnsi: Latin-1 with \\, ( and ) escaped. */
    static String escape(String text) {
        StringBuilder escaped = new StringBuilder(text.length());
        for (char c : text.toCharArray()) {
            if (c == '\\' || c == '(' || c == ')') {
                escaped.append('\\').append(c);
            } else if (c < 0x20 || c > 0xFF || (c >= 0x7F && c < 0xA0)) {
                escaped.append('?');
            } else {
                escaped.append(c);
            }
        }
        return escaped.toString();
    }
}
