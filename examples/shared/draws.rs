//! The random draws of the corpus generators (`make_corpora`,
//! `make_kotihoito`): teema's own splitmix64 stream
//! ([`teema::themes::discover::SplitMix64`]) with the helpers the
//! generators need. Shared by path, so both draw the same way.

use teema::themes::discover::SplitMix64;

/// A generator's random draws.
pub struct Rng(pub SplitMix64);

impl Rng {
    /// Uniform in [0, 1).
    pub fn unit(&mut self) -> f64 {
        self.0.next_f64()
    }
    pub fn chance(&mut self, p: f64) -> bool {
        self.unit() < p
    }
    pub fn below(&mut self, n: usize) -> usize {
        (self.unit() * n as f64) as usize
    }
    /// Roughly standard normal (Irwin–Hall with four terms).
    pub fn normal(&mut self) -> f64 {
        let s: f64 = (0..4).map(|_| self.unit()).sum();
        (s - 2.0) * 3f64.sqrt()
    }
    /// Index drawn with the given non-negative weights.
    pub fn weighted(&mut self, weights: &[f64]) -> usize {
        let total: f64 = weights.iter().sum();
        let mut x = self.unit() * total;
        for (i, w) in weights.iter().enumerate() {
            if x < *w {
                return i;
            }
            x -= w;
        }
        weights.len() - 1
    }
}
