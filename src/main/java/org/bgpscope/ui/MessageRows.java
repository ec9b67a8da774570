package org.bgpscope.ui;

import javafx.collections.ObservableListBase;

/**
 * The table's rows: message indexes, either all of them in index order (growing while the capture
 * is indexed) or a filtered/sorted selection held as one int array. No object per row is kept, so
 * ten million rows cost 40 MB at most.
 */
final class MessageRows extends ObservableListBase<Integer> {
    private final int[] view;
    private int size;

    /** All messages, in index order; {@link #grow} adds rows as indexing finds them. */
    MessageRows(int size) {
        this.view = null;
        this.size = size;
    }

    /** A fixed selection, in the given order. */
    MessageRows(int[] view, int size) {
        this.view = view;
        this.size = size;
    }

    boolean isAll() {
        return view == null;
    }

    void grow(int newSize) {
        if (view != null || newSize <= size) {
            return;
        }
        int old = size;
        size = newSize;
        beginChange();
        nextAdd(old, newSize);
        endChange();
    }

    @Override
    public Integer get(int i) {
        if (i < 0 || i >= size) {
            throw new IndexOutOfBoundsException(i);
        }
        return view == null ? i : view[i];
    }

    /** The row showing message {@code message}, or -1. */
    int rowOf(int message) {
        if (view == null) {
            return message < size ? message : -1;
        }
        for (int r = 0; r < size; r++) {
            if (view[r] == message) {
                return r;
            }
        }
        return -1;
    }

    @Override
    public int size() {
        return size;
    }
}
