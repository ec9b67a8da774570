package org.bgpscope.net;

/** A run of a message's bytes as it lies in the file: where, how many, and which record holds it. */
public record Piece(long fileOffset, int length, int frame) {}
