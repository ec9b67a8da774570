package org.bgpscope.ui;

/** A stable merge sort of int keys by a comparator, without boxing: ten million rows sort in seconds. */
final class Sorting {
    interface IntComparator {
        int compare(int a, int b);
    }

    private Sorting() {}

    static int[] sort(int[] a, int n, boolean descending, IntComparator c) {
        IntComparator cmp = descending ? (x, y) -> c.compare(y, x) : c;
        int[] buf = new int[n];
        int[] src = a;
        int[] dst = buf;
        // Bottom-up: runs of 1, 2, 4, ... merged back and forth between the two arrays.
        for (int width = 1; width < n; width *= 2) {
            for (int lo = 0; lo < n; lo += 2 * width) {
                int mid = Math.min(lo + width, n);
                int hi = Math.min(lo + 2 * width, n);
                int i = lo;
                int j = mid;
                int k = lo;
                while (i < mid && j < hi) {
                    dst[k++] = cmp.compare(src[j], src[i]) < 0 ? src[j++] : src[i++];
                }
                while (i < mid) {
                    dst[k++] = src[i++];
                }
                while (j < hi) {
                    dst[k++] = src[j++];
                }
            }
            int[] t = src;
            src = dst;
            dst = t;
        }
        return src;
    }
}
