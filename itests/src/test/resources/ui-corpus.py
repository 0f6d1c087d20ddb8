#!/usr/bin/env python3
"""Writes the UI test's corpus into the folder given as the first argument:
a 10-slice CT series made from pydicom's CT_small.dcm, a SEG with two segments over three of its
slices, an MR image, and an MR image whose PatientName is HTML (it must show as text).
Prints one line per series: <name> <SeriesInstanceUID> <instances>."""
import copy
import os
import sys

import pydicom
from pydicom.dataset import Dataset, FileMetaDataset
from pydicom.sequence import Sequence
from pydicom.uid import ExplicitVRLittleEndian, generate_uid

DATA = os.path.join(os.path.dirname(pydicom.__file__), "data", "test_files")
SEG_CLASS = "1.2.840.10008.5.1.4.1.1.66.4"
out = sys.argv[1]
os.makedirs(out, exist_ok=True)


def save(ds, name):
    ds.file_meta.MediaStorageSOPInstanceUID = ds.SOPInstanceUID
    ds.file_meta.MediaStorageSOPClassUID = ds.SOPClassUID
    ds.save_as(os.path.join(out, name), write_like_original=False)


def code(value, scheme, meaning):
    c = Dataset()
    c.CodeValue, c.CodingSchemeDesignator, c.CodeMeaning = value, scheme, meaning
    return c


# CT: ten slices 5 mm apart, new UIDs.
ct_template = pydicom.dcmread(os.path.join(DATA, "CT_small.dcm"))
ct_study, ct_series = generate_uid(), generate_uid()
ct = []
for i in range(10):
    ds = copy.deepcopy(ct_template)
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID = ct_study, ct_series, generate_uid()
    ds.PatientName, ds.PatientID = "Doe^Jane", "UI-CT"
    ds.BodyPartExamined, ds.SeriesDescription = "CHEST", "UI thorax CT"
    ds.InstanceNumber = i + 1
    x, y, _ = [float(v) for v in ds.ImagePositionPatient]
    ds.ImagePositionPatient = [x, y, -100.0 + 5.0 * i]
    ds.SliceLocation = -100.0 + 5.0 * i
    save(ds, "ct%02d.dcm" % i)
    ct.append(ds)
print("CT", ct_series, len(ct))

# SEG: two segments on slices 3, 4 and 5; rows and columns as the CT's.
rows, cols = ct_template.Rows, ct_template.Columns
seg = Dataset()
seg.file_meta = FileMetaDataset()
seg.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
seg.SOPClassUID, seg.SOPInstanceUID = SEG_CLASS, generate_uid()
seg.StudyInstanceUID, seg.SeriesInstanceUID = ct_study, generate_uid()
seg.Modality, seg.SeriesNumber, seg.InstanceNumber = "SEG", 99, 1
for k in ("PatientName", "PatientID", "PatientBirthDate", "PatientSex", "StudyDate", "StudyTime",
          "StudyID", "AccessionNumber", "ReferringPhysicianName", "FrameOfReferenceUID"):
    setattr(seg, k, getattr(ct_template, k, ""))
seg.PatientName, seg.PatientID = "Doe^Jane", "UI-CT"
seg.SeriesDescription, seg.ContentLabel, seg.ContentDescription = "UI segmentation", "SEGMENTATION", ""
seg.ContentCreatorName, seg.ContentDate, seg.ContentTime = "", "20260101", "120000"
seg.Manufacturer, seg.ManufacturerModelName = "Atrium itests", "ui-corpus.py"
seg.DeviceSerialNumber, seg.SoftwareVersions = "1", "1"
seg.ImageType = ["DERIVED", "PRIMARY"]
seg.SamplesPerPixel, seg.PhotometricInterpretation = 1, "MONOCHROME2"
seg.Rows, seg.Columns = rows, cols
seg.BitsAllocated, seg.BitsStored, seg.HighBit, seg.PixelRepresentation = 1, 1, 0, 0
seg.LossyImageCompression, seg.SegmentationType = "00", "BINARY"
segments = []
for number, label, lab in ((1, "Lesion", [21169, 53498, 48779]), (2, "Airway", [34885, 53255, 50000])):
    s = Dataset()
    s.SegmentNumber, s.SegmentLabel, s.SegmentAlgorithmType = number, label, "MANUAL"
    s.SegmentedPropertyCategoryCodeSequence = Sequence([code("91723000", "SCT", "Anatomical Structure")])
    s.SegmentedPropertyTypeCodeSequence = Sequence([code("39607008", "SCT", "Lung")])
    s.RecommendedDisplayCIELabValue = lab
    segments.append(s)
seg.SegmentSequence = Sequence(segments)
shared = Dataset()
measures = Dataset()
measures.PixelSpacing = ct_template.PixelSpacing
measures.SliceThickness = ct_template.SliceThickness
shared.PixelMeasuresSequence = Sequence([measures])
orientation = Dataset()
orientation.ImageOrientationPatient = ct_template.ImageOrientationPatient
shared.PlaneOrientationSequence = Sequence([orientation])
seg.SharedFunctionalGroupsSequence = Sequence([shared])
referenced = Dataset()
referenced.SeriesInstanceUID = ct_series
referenced.ReferencedInstanceSequence = Sequence()
frames, bits = [], []
for source in ct[3:6]:
    ref = Dataset()
    ref.ReferencedSOPClassUID, ref.ReferencedSOPInstanceUID = source.SOPClassUID, source.SOPInstanceUID
    referenced.ReferencedInstanceSequence.append(ref)
    for number in (1, 2):
        fg = Dataset()
        derivation = Dataset()
        src = Dataset()
        src.ReferencedSOPClassUID, src.ReferencedSOPInstanceUID = source.SOPClassUID, source.SOPInstanceUID
        src.PurposeOfReferenceCodeSequence = Sequence([code("121322", "DCM", "Source image for image processing operation")])
        derivation.SourceImageSequence = Sequence([src])
        derivation.DerivationCodeSequence = Sequence([code("113076", "DCM", "Segmentation")])
        fg.DerivationImageSequence = Sequence([derivation])
        ident = Dataset()
        ident.ReferencedSegmentNumber = number
        fg.SegmentIdentificationSequence = Sequence([ident])
        pos = Dataset()
        pos.ImagePositionPatient = source.ImagePositionPatient
        fg.PlanePositionSequence = Sequence([pos])
        content = Dataset()
        content.DimensionIndexValues = [number, len(frames) // 2 + 1]
        fg.FrameContentSequence = Sequence([content])
        frames.append(fg)
        # Segment 1: a square in the upper left quarter; segment 2: a band across the lower half.
        for r in range(rows):
            for c in range(cols):
                if number == 1:
                    bits.append(1 if rows // 8 <= r < rows // 2 and cols // 8 <= c < cols // 2 else 0)
                else:
                    bits.append(1 if 5 * rows // 8 <= r < 3 * rows // 4 else 0)
seg.ReferencedSeriesSequence = Sequence([referenced])
seg.PerFrameFunctionalGroupsSequence = Sequence(frames)
seg.NumberOfFrames = len(frames)
dim_org = generate_uid()
org = Dataset()
org.DimensionOrganizationUID = dim_org
seg.DimensionOrganizationSequence = Sequence([org])
index = []
for pointer, group in ((0x0062000B, 0x00620002), (0x00200032, 0x00209113)):
    d = Dataset()
    d.DimensionOrganizationUID = dim_org
    d.DimensionIndexPointer = pointer
    d.FunctionalGroupPointer = group
    index.append(d)
seg.DimensionIndexSequence = Sequence(index)
seg.PositionReferenceIndicator = ""
packed = bytearray((len(bits) + 7) // 8)
for i, b in enumerate(bits):
    if b:
        packed[i // 8] |= 1 << (i % 8)
if len(packed) % 2:
    packed.append(0)
seg.PixelData = bytes(packed)
seg["PixelData"].VR = "OB"
seg.is_little_endian, seg.is_implicit_VR = True, False
save(seg, "seg.dcm")
print("SEG", seg.SeriesInstanceUID, 1)

# MR, and an MR whose PatientName is markup.
for name, pid, patient in (("mr.dcm", "UI-MR", "Roe^Richard"), ("xss.dcm", "UI-XSS", "<img src=x onerror=alert(1)>")):
    ds = pydicom.dcmread(os.path.join(DATA, "MR_small.dcm"))
    ds.StudyInstanceUID, ds.SeriesInstanceUID, ds.SOPInstanceUID = generate_uid(), generate_uid(), generate_uid()
    ds.PatientName, ds.PatientID = patient, pid
    save(ds, name)
    print("MR" if pid == "UI-MR" else "XSS", ds.SeriesInstanceUID, 1)

# A Structured Report (pydicom's test-SR.dcm, new UIDs) and an Encapsulated PDF.
sr = pydicom.dcmread(os.path.join(DATA, "test-SR.dcm"))
sr.StudyInstanceUID, sr.SeriesInstanceUID, sr.SOPInstanceUID = generate_uid(), generate_uid(), generate_uid()
sr.PatientID = "UI-SR"
save(sr, "sr.dcm")
print("SR", sr.SeriesInstanceUID, 1)

text = b"BT /F1 18 Tf 72 720 Td (Atrium UI test report) Tj ET"
objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
           b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R"
           b" /Resources << /Font << /F1 5 0 R >> >> >>",
           b"<< /Length %d >>\nstream\n" % len(text) + text + b"\nendstream",
           b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
pdf, offsets = bytearray(b"%PDF-1.4\n"), []
for number, body in enumerate(objects, 1):
    offsets.append(len(pdf))
    pdf += b"%d 0 obj\n" % number + body + b"\nendobj\n"
xref = len(pdf)
pdf += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
for offset in offsets:
    pdf += b"%010d 00000 n \n" % offset
pdf += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
doc = Dataset()
doc.file_meta = FileMetaDataset()
doc.file_meta.TransferSyntaxUID = ExplicitVRLittleEndian
doc.SOPClassUID, doc.SOPInstanceUID = "1.2.840.10008.5.1.4.1.1.104.1", generate_uid()
doc.StudyInstanceUID, doc.SeriesInstanceUID = ct_study, generate_uid()
doc.PatientName, doc.PatientID, doc.Modality = "Doe^Jane", "UI-CT", "DOC"
doc.SeriesNumber, doc.InstanceNumber = 98, 1
doc.ContentDate, doc.ContentTime, doc.AcquisitionDateTime = "20260101", "120000", "20260101120000"
doc.DocumentTitle, doc.MIMETypeOfEncapsulatedDocument = "UI test report", "application/pdf"
doc.BurnedInAnnotation, doc.ConceptNameCodeSequence = "YES", Sequence()
doc.EncapsulatedDocument = bytes(pdf) + (b"\0" if len(pdf) % 2 else b"")
doc.EncapsulatedDocumentLength = len(pdf)
doc.is_little_endian, doc.is_implicit_VR = True, False
save(doc, "report.dcm")
print("PDF", doc.SeriesInstanceUID, 1)
