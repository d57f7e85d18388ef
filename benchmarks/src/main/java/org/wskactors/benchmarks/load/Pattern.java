package org.wskactors.benchmarks.load;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * The bytes the load generators send and expect back: a fixed pseudo-random sequence of {@link
 * #PERIOD} bytes, repeated. Each connection starts at its own seed offset, so the byte at stream
 * offset {@code k} is {@code byteAt(seed + k)}; echoed bytes are verified by comparing ranges with
 * {@link Arrays#mismatch(byte[], int, int, byte[], int, int)}.
 */
public final class Pattern {
  private Pattern() {}

  /** The period of the pattern (a prime just over 1 MiB, so it does not align with sizes). */
  public static final int PERIOD = 1_048_583;

  /** The pattern twice over, so any range of up to {@link #PERIOD} bytes is contiguous. */
  private static final byte[] DOUBLE = new byte[2 * PERIOD];

  static {
    SplittableRandom r = new SplittableRandom(0x5EED_BEEFL);
    for (int i = 0; i < PERIOD; i++) DOUBLE[i] = (byte) r.nextInt(256);
    System.arraycopy(DOUBLE, 0, DOUBLE, PERIOD, PERIOD);
  }

  /**
   * The backing array to send from: bytes {@code [index(pos), index(pos) + len)} for {@code len} up
   * to {@link #PERIOD}.
   *
   * @return the doubled pattern (do not modify)
   */
  static byte[] array() {
    return DOUBLE;
  }

  /**
   * The array index of stream position {@code pos}.
   *
   * @param pos a non-negative stream position (seed plus offset)
   * @return the index, below {@link #PERIOD}
   */
  static int index(long pos) {
    return (int) (pos % PERIOD);
  }

  /**
   * Whether {@code len} bytes of {@code data} from {@code off} equal the pattern at {@code pos}.
   *
   * @param data the received bytes
   * @param off where they start
   * @param len how many (at most {@link #PERIOD})
   * @param pos the stream position of the first byte
   * @return true if every byte matches
   */
  static boolean matches(byte[] data, int off, int len, long pos) {
    int i = index(pos);
    return Arrays.mismatch(data, off, off + len, DOUBLE, i, i + len) < 0;
  }
}
