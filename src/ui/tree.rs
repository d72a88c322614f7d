//! The organisation tree pane (党组织机构树): the whole file, its committees
//! and, under an opened committee, its branches, each with its counts (失联,
//! overdue, due within 7 days) from the kept counters. Enter on a node
//! scopes the roster, the alerts and the statistics to it (and opens or
//! closes a committee). Only the rows on screen are counted, once each
//! until the data changes, so opening the pane and moving in it never
//! counts cases.

use super::text::truncate;
use super::theme::Theme;
use crate::app::Workspace;
use crate::domain::lost::lost_cutoff;
use crate::i18n::{t, tf};
use crate::store::{BranchRow, NodeCounts, OrgUnit, StoreError};
use chrono::NaiveDate;
use ratatui::text::{Line, Span};
use ratatui::widgets::ListItem;
use std::collections::{HashMap, HashSet};

#[derive(Clone, Debug, PartialEq, Eq)]
enum Node {
    All,
    Committee(String),
    Branch(usize),
}

#[derive(Default)]
pub struct TreeState {
    branches: Vec<BranchRow>,
    committees: Vec<String>,
    open: HashSet<String>,
    nodes: Vec<Node>,
    pub selected: usize,
    /// First node shown (kept so the selection stays on screen).
    offset: usize,
    counts: HashMap<OrgUnit, NodeCounts>,
    /// The unit the panes are scoped to.
    pub scope: OrgUnit,
}

impl TreeState {
    /// Read the branches again and forget the counts (after a change).
    pub fn reload(&mut self, ws: &Workspace) -> Result<(), StoreError> {
        self.branches = ws.store().org_branches()?;
        self.committees = self.branches.iter().map(|b| b.committee.clone()).collect();
        self.committees.dedup();
        self.counts.clear();
        self.rebuild();
        Ok(())
    }

    fn rebuild(&mut self) {
        let mut nodes = vec![Node::All];
        for c in &self.committees {
            nodes.push(Node::Committee(c.clone()));
            if self.open.contains(c) {
                let mine = self.branches.iter().enumerate();
                nodes.extend(
                    mine.filter(|(_, b)| &b.committee == c)
                        .map(|(i, _)| Node::Branch(i)),
                );
            }
        }
        self.nodes = nodes;
        self.selected = self.selected.min(self.nodes.len().saturating_sub(1));
    }

    pub fn len(&self) -> usize {
        self.nodes.len()
    }

    fn unit(&self, n: &Node) -> OrgUnit {
        match n {
            Node::All => OrgUnit::default(),
            Node::Committee(c) => OrgUnit {
                committee: Some(c.clone()),
                branch: None,
            },
            Node::Branch(i) => {
                let b = &self.branches[*i];
                OrgUnit {
                    committee: Some(b.committee.clone()),
                    branch: Some(b.branch.clone()),
                }
            }
        }
    }

    /// Enter on the selected node: a committee opens or closes; the unit
    /// it stands for is returned, to scope the panes to.
    pub fn choose(&mut self) -> Option<OrgUnit> {
        let node = self.nodes.get(self.selected)?.clone();
        if let Node::Committee(c) = &node
            && !self.open.remove(c)
        {
            self.open.insert(c.clone());
        }
        self.rebuild();
        let unit = self.unit(&node);
        self.scope = unit.clone();
        Some(unit)
    }

    /// The title: the pane's name and the unit in scope.
    pub fn title(&self) -> String {
        tf("ui.tree.title", &[("scope", scope_label(&self.scope))])
    }

    /// The rows that fit in `rows` lines, counted (only these), and the
    /// selection's index among them.
    pub fn items(
        &mut self,
        ws: &Workspace,
        today: NaiveDate,
        (rows, width): (usize, u16),
        theme: &Theme,
    ) -> Result<(Vec<ListItem<'static>>, Option<usize>), StoreError> {
        let rows = rows.max(1);
        if self.selected < self.offset {
            self.offset = self.selected;
        } else if self.selected >= self.offset + rows {
            self.offset = self.selected + 1 - rows;
        }
        let cutoff = lost_cutoff(today, ws.policy());
        let end = (self.offset + rows).min(self.nodes.len());
        let mut out = Vec::with_capacity(end - self.offset);
        for i in self.offset..end {
            let node = self.nodes[i].clone();
            let unit = self.unit(&node);
            if !self.counts.contains_key(&unit) {
                let c = ws.store().node_counts(&unit, today, cutoff)?;
                self.counts.insert(unit.clone(), c);
            }
            let c = self.counts.get(&unit).cloned().unwrap_or_default();
            out.push(self.row(&node, &c, width, theme));
        }
        let sel = self.selected.checked_sub(self.offset);
        Ok((out, sel))
    }

    fn row(&self, node: &Node, c: &NodeCounts, width: u16, theme: &Theme) -> ListItem<'static> {
        let counts = tf(
            "ui.tree.counts",
            &[
                ("lost", c.lost().to_string()),
                ("overdue", c.overdue.to_string()),
                ("week", c.week.to_string()),
            ],
        );
        let (head, name, gone) = match node {
            Node::All => (
                String::new(),
                tf("ui.tree.all", &[("n", c.total().to_string())]),
                None,
            ),
            Node::Committee(name) => {
                let mark = if self.open.contains(name) {
                    "[-] "
                } else {
                    "[+] "
                };
                (mark.to_string(), name.clone(), None)
            }
            Node::Branch(i) => {
                let b = &self.branches[*i];
                let short = super::roster::short_branch(&b.branch, &b.committee).to_string();
                let gone = (b.gone > 0).then(|| tf("ui.tree.gone", &[("n", b.gone.to_string())]));
                ("      ".to_string(), short, gone)
            }
        };
        let used = super::text::width(&head) + super::text::width(&counts) + 2;
        let gone_w = gone.as_deref().map_or(0, super::text::width);
        let room = (width as usize).saturating_sub(used + gone_w).max(4);
        let mut spans = vec![
            Span::raw(head),
            Span::styled(truncate(&name, room), theme.strong()),
            Span::raw(" "),
        ];
        if let Some(g) = gone {
            spans.push(Span::styled(g, theme.overdue()));
            spans.push(Span::raw(" "));
        }
        let style = if c.overdue > 0 {
            theme.overdue()
        } else {
            theme.label()
        };
        spans.push(Span::styled(counts, style));
        ListItem::new(Line::from(spans))
    }
}

/// "全部" / the committee / "committee / branch".
pub fn scope_label(u: &OrgUnit) -> String {
    match (&u.committee, &u.branch) {
        (None, _) => t("ui.tree.scope_all").to_string(),
        (Some(c), None) => c.clone(),
        (Some(c), Some(b)) => format!("{} / {}", c, super::roster::short_branch(b, c)),
    }
}
