package untorn.core.page;

/**
 * PageException is a page operation that cannot be done on the page as it is (no such slot, no
 * space) or a page whose bytes fail their checks. In redo it means the WAL and the page disagree:
 * the caller must treat the page as unusable, never guess.
 */
public final class PageException extends Exception {
  private static final long serialVersionUID = 1L;

  public PageException(String message) {
    super(message);
  }
}
