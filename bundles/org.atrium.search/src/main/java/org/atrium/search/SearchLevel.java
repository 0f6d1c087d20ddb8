package org.atrium.search;

/** What one hit of a search is. Every level is answered from the same series documents. */
public enum SearchLevel {
    /** One hit per series, with its study's and patient's attributes. */
    SERIES,
    /** One hit per study, with study and patient attributes only. */
    STUDY,
    /** One hit per patient, with patient attributes only. */
    PATIENT
}
