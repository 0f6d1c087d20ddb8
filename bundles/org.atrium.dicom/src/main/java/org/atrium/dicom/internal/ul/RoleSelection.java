package org.atrium.dicom.internal.ul;

/** An SCP/SCU Role Selection sub-item (PS3.7 D.3.3.4): may the requestor act as SCU, as SCP, for this SOP class. */
record RoleSelection(String sopClassUid, boolean scu, boolean scp) {}
