package org.bgpscope.net;

/** Something found while indexing that a user should see: which record, where in the file, what. */
public record IndexProblem(int frame, long fileOffset, String text) {}
