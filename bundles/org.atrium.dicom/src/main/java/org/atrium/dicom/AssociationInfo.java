package org.atrium.dicom;

/** Who is on the other side of an association that a listener accepted. */
public record AssociationInfo(String callingAet, String calledAet, String remoteHost, int remotePort) {}
