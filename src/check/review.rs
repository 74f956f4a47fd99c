//! Review status of a page on a given day: who signed it off, and whether a review is due.

use crate::site::PageNode;
use jiff::civil::Date;
use serde::Serialize;

/// How many days ahead a review counts as "due soon".
pub const DUE_SOON_DAYS: i64 = 30;

/// Where a page stands with its clinical review.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ReviewStatus {
    /// Reviewed, and the next review is more than 30 days away.
    Ok,
    /// The next review is due within 30 days.
    DueSoon,
    /// The next review date has passed.
    Overdue,
    /// No `reviewed_by`.
    MissingReviewer,
    /// No `last_reviewed` date.
    MissingDate,
}

impl ReviewStatus {
    /// A short label for people ("Overdue", "Due soon").
    pub fn label(self) -> &'static str {
        match self {
            ReviewStatus::Ok => "OK",
            ReviewStatus::DueSoon => "Due soon",
            ReviewStatus::Overdue => "Overdue",
            ReviewStatus::MissingReviewer => "No reviewer",
            ReviewStatus::MissingDate => "No review date",
        }
    }
}

/// A page's review facts and status on `today`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The status; a missing reviewer wins over a missing date, which wins over dates.
    pub status: ReviewStatus,
    /// The reviewer's name.
    pub reviewer: Option<String>,
    /// The reviewer's role.
    pub reviewer_role: Option<String>,
    /// When the page was last reviewed (`YYYY-MM-DD`).
    #[serde(serialize_with = "iso_dates")]
    pub last_reviewed: Option<Date>,
    /// When the next review is due: `next_review`, or `last_reviewed` plus the site's interval.
    #[serde(serialize_with = "iso_dates")]
    pub review_due: Option<Date>,
    /// Days from `today` to `review_due` (negative when overdue).
    pub days_until_due: Option<i64>,
}

fn iso_dates<S: serde::Serializer>(date: &Option<Date>, s: S) -> Result<S::Ok, S::Error> {
    match date {
        Some(d) => s.collect_str(d),
        None => s.serialize_none(),
    }
}

/// The review status of `page` on `today`.
pub fn review(page: &PageNode, today: Date) -> Review {
    let front = &page.file.front;
    let days_until_due = page
        .review_due
        .and_then(|due| today.until(due).ok())
        .map(|span| i64::from(span.get_days()));
    let status = if front.reviewed_by.is_none() {
        ReviewStatus::MissingReviewer
    } else if front.last_reviewed.is_none() {
        ReviewStatus::MissingDate
    } else {
        match days_until_due {
            Some(d) if d < 0 => ReviewStatus::Overdue,
            Some(d) if d <= DUE_SOON_DAYS => ReviewStatus::DueSoon,
            _ => ReviewStatus::Ok,
        }
    };
    Review {
        status,
        reviewer: front.reviewed_by.as_ref().map(|r| r.name.clone()),
        reviewer_role: front.reviewed_by.as_ref().and_then(|r| r.role.clone()),
        last_reviewed: front.last_reviewed,
        review_due: page.review_due,
        days_until_due,
    }
}

#[cfg(test)]
mod tests {
    use jiff::civil::date;

    #[test]
    fn days_until_due_counts_calendar_days() {
        let today = date(2026, 11, 24);
        let due = date(2026, 12, 24);
        assert_eq!(today.until(due).unwrap().get_days(), 30);
        assert_eq!(date(2027, 1, 24).since(today).unwrap().get_days(), 61);
    }
}
