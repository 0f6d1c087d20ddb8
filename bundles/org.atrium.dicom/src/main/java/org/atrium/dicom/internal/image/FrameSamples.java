package org.atrium.dicom.internal.image;

/**
 * The stored values of one decoded frame, samples interleaved pixel by pixel, in the layout {@code
 * format} describes (after decoding: a codec may have turned YBR into RGB).
 */
public record FrameSamples(PixelFormat format, int[] samples) {}
