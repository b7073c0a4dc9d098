/** CDKTF app entry (cdktf.json `app`): synthesizes the reference deployment into cdktf.out. */
import { buildApp } from './app';

buildApp({ outdir: process.env.CDKTF_OUTDIR }).synth();
