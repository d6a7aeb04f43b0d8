package untorn.core.wal;

import untorn.core.types.Lsn;

/**
 * EncodedRecord is a record turned into stream bytes: {@code bytes} go at stream positions
 * [{@code writeStart}, {@code logged.endLsn()}), page headers and padding included. Whoever
 * receives WAL as a byte stream (a safekeeper, the pageserver) stores exactly these bytes.
 */
public record EncodedRecord(Lsn writeStart, byte[] bytes, LoggedRecord logged) {}
