package org.atrium.dicom.internal;

import java.util.List;

/**
 * Storage SOP classes offered for the C-STORE sub-operations of a C-GET. An association has
 * room for 128 presentation contexts and the C-GET itself takes one, so this is a choice: the
 * image, waveform, document and RT objects that clinics and research archives hold.
 */
public final class StorageClasses {

    private StorageClasses() {}

    public static final List<String> RETRIEVABLE = List.of(
            "1.2.840.10008.5.1.4.1.1.1", // Computed Radiography
            "1.2.840.10008.5.1.4.1.1.1.1", // Digital X-Ray for Presentation
            "1.2.840.10008.5.1.4.1.1.1.1.1", // Digital X-Ray for Processing
            "1.2.840.10008.5.1.4.1.1.1.2", // Digital Mammography for Presentation
            "1.2.840.10008.5.1.4.1.1.1.2.1", // Digital Mammography for Processing
            "1.2.840.10008.5.1.4.1.1.1.3", // Digital Intra-Oral X-Ray for Presentation
            "1.2.840.10008.5.1.4.1.1.2", // CT
            "1.2.840.10008.5.1.4.1.1.2.1", // Enhanced CT
            "1.2.840.10008.5.1.4.1.1.2.2", // Legacy Converted Enhanced CT
            "1.2.840.10008.5.1.4.1.1.3.1", // Ultrasound Multi-frame
            "1.2.840.10008.5.1.4.1.1.4", // MR
            "1.2.840.10008.5.1.4.1.1.4.1", // Enhanced MR
            "1.2.840.10008.5.1.4.1.1.4.2", // MR Spectroscopy
            "1.2.840.10008.5.1.4.1.1.4.3", // Enhanced MR Color
            "1.2.840.10008.5.1.4.1.1.4.4", // Legacy Converted Enhanced MR
            "1.2.840.10008.5.1.4.1.1.6.1", // Ultrasound
            "1.2.840.10008.5.1.4.1.1.6.2", // Enhanced US Volume
            "1.2.840.10008.5.1.4.1.1.7", // Secondary Capture
            "1.2.840.10008.5.1.4.1.1.7.1", // Multi-frame Single Bit SC
            "1.2.840.10008.5.1.4.1.1.7.2", // Multi-frame Grayscale Byte SC
            "1.2.840.10008.5.1.4.1.1.7.3", // Multi-frame Grayscale Word SC
            "1.2.840.10008.5.1.4.1.1.7.4", // Multi-frame True Color SC
            "1.2.840.10008.5.1.4.1.1.9.1.1", // 12-lead ECG
            "1.2.840.10008.5.1.4.1.1.9.1.2", // General ECG
            "1.2.840.10008.5.1.4.1.1.11.1", // Grayscale Softcopy Presentation State
            "1.2.840.10008.5.1.4.1.1.11.2", // Color Softcopy Presentation State
            "1.2.840.10008.5.1.4.1.1.12.1", // X-Ray Angiographic
            "1.2.840.10008.5.1.4.1.1.12.1.1", // Enhanced XA
            "1.2.840.10008.5.1.4.1.1.12.2", // X-Ray Radiofluoroscopic
            "1.2.840.10008.5.1.4.1.1.12.2.1", // Enhanced XRF
            "1.2.840.10008.5.1.4.1.1.13.1.1", // X-Ray 3D Angiographic
            "1.2.840.10008.5.1.4.1.1.13.1.3", // Breast Tomosynthesis
            "1.2.840.10008.5.1.4.1.1.20", // Nuclear Medicine
            "1.2.840.10008.5.1.4.1.1.30", // Parametric Map
            "1.2.840.10008.5.1.4.1.1.66", // Raw Data
            "1.2.840.10008.5.1.4.1.1.66.1", // Spatial Registration
            "1.2.840.10008.5.1.4.1.1.66.2", // Spatial Fiducials
            "1.2.840.10008.5.1.4.1.1.66.3", // Deformable Spatial Registration
            "1.2.840.10008.5.1.4.1.1.66.4", // Segmentation
            "1.2.840.10008.5.1.4.1.1.66.5", // Surface Segmentation
            "1.2.840.10008.5.1.4.1.1.67", // Real World Value Mapping
            "1.2.840.10008.5.1.4.1.1.77.1.1", // VL Endoscopic
            "1.2.840.10008.5.1.4.1.1.77.1.2", // VL Microscopic
            "1.2.840.10008.5.1.4.1.1.77.1.4", // VL Photographic
            "1.2.840.10008.5.1.4.1.1.77.1.5.1", // Ophthalmic Photography 8 Bit
            "1.2.840.10008.5.1.4.1.1.77.1.5.4", // Ophthalmic Tomography
            "1.2.840.10008.5.1.4.1.1.77.1.6", // VL Whole Slide Microscopy
            "1.2.840.10008.5.1.4.1.1.88.11", // Basic Text SR
            "1.2.840.10008.5.1.4.1.1.88.22", // Enhanced SR
            "1.2.840.10008.5.1.4.1.1.88.33", // Comprehensive SR
            "1.2.840.10008.5.1.4.1.1.88.34", // Comprehensive 3D SR
            "1.2.840.10008.5.1.4.1.1.88.59", // Key Object Selection
            "1.2.840.10008.5.1.4.1.1.88.67", // X-Ray Radiation Dose SR
            "1.2.840.10008.5.1.4.1.1.104.1", // Encapsulated PDF
            "1.2.840.10008.5.1.4.1.1.104.3", // Encapsulated STL
            "1.2.840.10008.5.1.4.1.1.128", // PET
            "1.2.840.10008.5.1.4.1.1.130", // Enhanced PET
            "1.2.840.10008.5.1.4.1.1.128.1", // Legacy Converted Enhanced PET
            "1.2.840.10008.5.1.4.1.1.481.1", // RT Image
            "1.2.840.10008.5.1.4.1.1.481.2", // RT Dose
            "1.2.840.10008.5.1.4.1.1.481.3", // RT Structure Set
            "1.2.840.10008.5.1.4.1.1.481.4", // RT Beams Treatment Record
            "1.2.840.10008.5.1.4.1.1.481.5", // RT Plan
            "1.2.840.10008.5.1.4.1.1.481.8", // RT Ion Plan
            "1.2.840.10008.5.1.4.1.1.481.9"); // RT Ion Beams Treatment Record
}
