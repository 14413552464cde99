package io.pastiche.tiling;

/**
 * How a map's rows fall into pages of its storage: each page holds whole rows of one image, as many as fit. Page
 * {@code n * pagesPerImage() + y / rowsPerPage()} holds row {@code y} of image {@code n}. Immutable.
 *
 * @param batch       the map's images
 * @param height      its rows per image
 * @param rowsPerPage the rows a page holds, at least 1
 */
record RowPages(int batch, int height, int rowsPerPage) {

    /**
     * @param rowBytes  the bytes of one of the map's rows
     * @param pageBytes the bytes of a page, at least one row
     * @throws IllegalArgumentException if a row does not fit a page
     */
    static RowPages of(int batch, int height, long rowBytes, long pageBytes) {
        if (rowBytes > pageBytes) {
            throw new IllegalArgumentException("a row of " + rowBytes + " bytes does not fit pages of " + pageBytes);
        }
        return new RowPages(batch, height, (int) Math.min(height, pageBytes / rowBytes));
    }

    int pagesPerImage() {
        return (height + rowsPerPage - 1) / rowsPerPage;
    }

    int pages() {
        return batch * pagesPerImage();
    }

    /** The page that holds row {@code y} of image {@code n}. */
    int page(int n, int y) {
        return n * pagesPerImage() + y / rowsPerPage;
    }

    /** The index of row {@code y} within its page. */
    int rowInPage(int y) {
        return y % rowsPerPage;
    }

    /** How many of each image's pages hold only rows below {@code row}. */
    int pagesBelow(int row) {
        return row >= height ? pagesPerImage() : row / rowsPerPage;
    }
}
