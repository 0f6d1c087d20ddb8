package org.atrium.dicom;

/** Well-known UIDs from PS3.6 that the platform names in code. */
public final class UID {

    private UID() {}

    public static final String ImplicitVRLittleEndian = "1.2.840.10008.1.2";
    public static final String ExplicitVRLittleEndian = "1.2.840.10008.1.2.1";
    public static final String DeflatedExplicitVRLittleEndian = "1.2.840.10008.1.2.1.99";
    public static final String ExplicitVRBigEndian = "1.2.840.10008.1.2.2";
    public static final String JPEGBaseline8Bit = "1.2.840.10008.1.2.4.50";
    public static final String JPEGExtended12Bit = "1.2.840.10008.1.2.4.51";
    public static final String JPEGLossless = "1.2.840.10008.1.2.4.57";
    public static final String JPEGLosslessSV1 = "1.2.840.10008.1.2.4.70";
    public static final String JPEGLSLossless = "1.2.840.10008.1.2.4.80";
    public static final String JPEGLSNearLossless = "1.2.840.10008.1.2.4.81";
    public static final String JPEG2000Lossless = "1.2.840.10008.1.2.4.90";
    public static final String JPEG2000 = "1.2.840.10008.1.2.4.91";
    public static final String RLELossless = "1.2.840.10008.1.2.5";

    public static final String Verification = "1.2.840.10008.1.1";
    public static final String PatientRootQueryRetrieveFind = "1.2.840.10008.5.1.4.1.2.1.1";
    public static final String PatientRootQueryRetrieveMove = "1.2.840.10008.5.1.4.1.2.1.2";
    public static final String PatientRootQueryRetrieveGet = "1.2.840.10008.5.1.4.1.2.1.3";
    public static final String StudyRootQueryRetrieveFind = "1.2.840.10008.5.1.4.1.2.2.1";
    public static final String StudyRootQueryRetrieveMove = "1.2.840.10008.5.1.4.1.2.2.2";
    public static final String StudyRootQueryRetrieveGet = "1.2.840.10008.5.1.4.1.2.2.3";

    public static final String CTImageStorage = "1.2.840.10008.5.1.4.1.1.2";
    public static final String MRImageStorage = "1.2.840.10008.5.1.4.1.1.4";
    public static final String SecondaryCaptureImageStorage = "1.2.840.10008.5.1.4.1.1.7";
    public static final String SegmentationStorage = "1.2.840.10008.5.1.4.1.1.66.4";
    public static final String ComprehensiveSRStorage = "1.2.840.10008.5.1.4.1.1.88.33";
    public static final String EncapsulatedPDFStorage = "1.2.840.10008.5.1.4.1.1.104.1";

    /** Storage SOP classes all live under this root (PS3.4 Annex B). */
    public static final String StorageRoot = "1.2.840.10008.5.1.4.1.1.";

    /** The transfer syntaxes a storage SCP of the platform accepts, in order of preference. */
    public static final java.util.List<String> ACCEPTED_TRANSFER_SYNTAXES = java.util.List.of(
            ExplicitVRLittleEndian,
            ImplicitVRLittleEndian,
            DeflatedExplicitVRLittleEndian,
            ExplicitVRBigEndian,
            JPEGBaseline8Bit,
            JPEGExtended12Bit,
            JPEGLossless,
            JPEGLosslessSV1,
            JPEGLSLossless,
            JPEGLSNearLossless,
            JPEG2000Lossless,
            JPEG2000,
            RLELossless);
}
