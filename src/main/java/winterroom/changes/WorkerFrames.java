package winterroom.changes;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.OutputStream;

/**
 * How jobs and reports cross a worker's pipes: each is one frame, a 4-byte length and then that many bytes
 * of JSON. Frames, rather than one job per process closed by end of input, let a warm worker answer several
 * jobs, and let the service see where one report ends without parsing what a candidate's worker sent.
 */
final class WorkerFrames {
    private WorkerFrames() {}

    /** A frame whose length is past what the reader accepts: the sender is not to be read further. */
    static final class TooLargeException extends IOException {
        TooLargeException(long length) { super("a frame of " + length + " bytes"); }
    }

    static void write(OutputStream out, byte[] body) throws IOException {
        DataOutputStream data = new DataOutputStream(out);
        data.writeInt(body.length);
        data.write(body);
        data.flush();
    }

    /** The next frame, or null at the end of the stream between frames (the other side closed it). */
    static byte[] read(DataInputStream in, int maxBytes) throws IOException {
        int length;
        try {
            length = in.readInt();
        } catch (EOFException e) {
            return null;
        }
        if (length < 0 || length > maxBytes) throw new TooLargeException(Integer.toUnsignedLong(length));
        byte[] body = new byte[length];
        in.readFully(body);
        return body;
    }
}
