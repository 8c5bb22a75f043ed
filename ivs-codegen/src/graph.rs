//! Graph algorithms over shape references.

use std::collections::{BTreeMap, BTreeSet};

use crate::model::ShapeId;

/// Tarjan's strongly connected components, iterative, in deterministic order.
pub fn strongly_connected<'a>(edges: &BTreeMap<&'a ShapeId, Vec<(&'a str, &'a ShapeId)>>) -> Vec<Vec<&'a ShapeId>> {
    let mut index: BTreeMap<&ShapeId, usize> = BTreeMap::new();
    let mut low: BTreeMap<&ShapeId, usize> = BTreeMap::new();
    let mut on_stack: BTreeSet<&ShapeId> = BTreeSet::new();
    let mut stack: Vec<&ShapeId> = Vec::new();
    let mut out = Vec::new();
    let mut next = 0usize;
    let empty: Vec<(&str, &ShapeId)> = Vec::new();
    for &root in edges.keys() {
        if index.contains_key(root) {
            continue;
        }
        // (node, next edge to look at)
        let mut work: Vec<(&ShapeId, usize)> = vec![(root, 0)];
        index.insert(root, next);
        low.insert(root, next);
        next += 1;
        stack.push(root);
        on_stack.insert(root);
        while let Some((node, i)) = work.pop() {
            let succ = edges.get(node).unwrap_or(&empty);
            if i < succ.len() {
                work.push((node, i + 1));
                let t = succ[i].1;
                if !index.contains_key(t) {
                    index.insert(t, next);
                    low.insert(t, next);
                    next += 1;
                    stack.push(t);
                    on_stack.insert(t);
                    work.push((t, 0));
                } else if on_stack.contains(t) {
                    let l = low[node].min(index[t]);
                    low.insert(node, l);
                }
                continue;
            }
            if let Some(&(parent, _)) = work.last() {
                let l = low[parent].min(low[node]);
                low.insert(parent, l);
            }
            if low[node] == index[node] {
                let mut comp = Vec::new();
                while let Some(x) = stack.pop() {
                    on_stack.remove(x);
                    comp.push(x);
                    if x == node {
                        break;
                    }
                }
                comp.sort();
                out.push(comp);
            }
        }
    }
    out
}
