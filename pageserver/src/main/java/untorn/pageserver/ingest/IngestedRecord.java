package untorn.pageserver.ingest;

import java.util.List;
import untorn.core.wal.LoggedRecord;
import untorn.pageserver.value.Version;

/**
 * IngestedRecord is one decoded WAL record and the versions it gives: one delta per distinct page
 * it references (redo applies a record to a page once; a second block for the same page is a
 * no-op, so it is dropped here too). {@code walBytes} is the stream bytes the record took,
 * page headers and padding included.
 */
public record IngestedRecord(LoggedRecord logged, List<Version> versions, long walBytes) {
  public IngestedRecord {
    versions = List.copyOf(versions);
  }

  /** Bytes of full-page images this record carries. */
  public long imageBytes() {
    return logged.record().imageBytes();
  }
}
