package org.atrium.pacs;

/** How objects come from the node into the research store. */
public enum ImportMethod {
    /** C-MOVE to the platform's own listener, which the node must know as a destination. */
    MOVE,
    /** C-GET over the query association: the node needs to know nothing about us. */
    GET
}
