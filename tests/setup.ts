// Property tests run on a fixed seed so CI is repeatable; set FC_SEED to
// explore other inputs (fast-check prints the seed of any failure).
import fc from 'fast-check';

fc.configureGlobal({ seed: Number(process.env.FC_SEED ?? 20261121) });
