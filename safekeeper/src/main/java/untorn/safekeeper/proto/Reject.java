package untorn.safekeeper.proto;

import java.nio.charset.StandardCharsets;
import java.util.Objects;
import untorn.core.types.Lsn;
import untorn.core.types.TenantTimeline;
import untorn.core.types.Term;
import untorn.safekeeper.Limits;

/**
 * Reject says an acceptor refused a message and changed nothing. {@code flushLsn} is the
 * acceptor's WAL end when the refusal is about position ({@link RejectReason#GAP}, {@link
 * RejectReason#OVERLAP}): those are sent only by an acceptor that adopted the proposer's history,
 * so the proposer resumes streaming there. Otherwise it is ZERO.
 */
public record Reject(TenantTimeline timeline, Term term, RejectReason reason, Lsn flushLsn, String detail)
    implements AcceptorMessage {
  public Reject {
    Objects.requireNonNull(timeline, "timeline");
    Objects.requireNonNull(term, "term");
    Objects.requireNonNull(reason, "reason");
    Objects.requireNonNull(flushLsn, "flushLsn");
    Objects.requireNonNull(detail, "detail");
    if (detail.getBytes(StandardCharsets.UTF_8).length > Limits.REJECT_DETAIL_BYTES_MAX) {
      throw new IllegalArgumentException("reject detail longer than " + Limits.REJECT_DETAIL_BYTES_MAX + " bytes");
    }
  }

  /** A reject whose detail is cut to the limit. */
  public static Reject of(TenantTimeline timeline, Term term, RejectReason reason, Lsn flushLsn, String detail) {
    String d = detail;
    while (d.getBytes(StandardCharsets.UTF_8).length > Limits.REJECT_DETAIL_BYTES_MAX) {
      d = d.substring(0, d.length() / 2);
    }
    return new Reject(timeline, term, reason, flushLsn, d);
  }
}
