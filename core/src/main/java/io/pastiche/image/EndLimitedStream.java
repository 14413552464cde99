package io.pastiche.image;

import java.io.IOException;
import javax.imageio.IIOException;
import javax.imageio.stream.ImageInputStream;
import javax.imageio.stream.ImageInputStreamImpl;

/**
 * An image stream that stops a decoder reading on and on past the end of the data. Some decoders catch the
 * end-of-file exception and carry on with zeros: the WebP plug-in's lossless decoder then reads Huffman tables
 * of a truncated 55-byte file for longer than anyone waits (found by fuzzing). Reaching the end a few times is
 * normal; past {@value #MAX_ENDS} times the stream throws an {@link IIOException}, which is no end-of-file
 * exception and so is not caught that way, and the image is reported truncated.
 */
final class EndLimitedStream extends ImageInputStreamImpl {

    /** Far more than any decoder needs to find the end; far fewer than a decoder looping on it reaches. */
    static final int MAX_ENDS = 1000;

    private final ImageInputStream in;
    private int ends;

    EndLimitedStream(ImageInputStream in) throws IOException {
        this.in = in;
        this.streamPos = in.getStreamPosition();
        this.flushedPos = in.getFlushedPosition();
    }

    @Override
    public int read() throws IOException {
        checkClosed();
        bitOffset = 0;
        int b = in.read();
        if (b < 0) {
            return end();
        }
        streamPos++;
        return b;
    }

    @Override
    public int read(byte[] bytes, int offset, int length) throws IOException {
        checkClosed();
        bitOffset = 0;
        int n = in.read(bytes, offset, length);
        if (n < 0) {
            return end();
        }
        streamPos += n;
        return n;
    }

    private int end() throws IIOException {
        if (++ends > MAX_ENDS) {
            throw new IIOException("the decoder read past the end of the data " + MAX_ENDS + " times");
        }
        return -1;
    }

    @Override
    public void seek(long position) throws IOException {
        super.seek(position);
        in.seek(position);
    }

    @Override
    public void flushBefore(long position) throws IOException {
        super.flushBefore(position);
        in.flushBefore(position);
    }

    @Override
    public long length() {
        try {
            return in.length();
        } catch (IOException e) {
            return -1; // unknown, as the interface allows
        }
    }

    @Override
    public boolean isCached() {
        return in.isCached();
    }

    @Override
    public boolean isCachedMemory() {
        return in.isCachedMemory();
    }

    @Override
    public boolean isCachedFile() {
        return in.isCachedFile();
    }

    /** Leaves the underlying stream open: its owner closes it. */
    @Override
    public void close() throws IOException {
        super.close();
    }
}
