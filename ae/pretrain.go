package ae

import (
	"context"
	"errors"
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// Pretrain trains the model greedily, one layer at a time, the way Hinton
// and Salakhutdinov prepared their deep autoencoder (2006) before training
// it whole: encoder layer i and its mirror in the decoder are first trained
// together as a shallow autoencoder, on the codes that the layers below
// (already pretrained) make of x. Each shallow autoencoder starts from the
// model's current weights and its weights go back into the model, so a Fit
// afterwards (the fine-tuning) starts from the pretrained stack.
//
// The paper pretrained each layer as a restricted Boltzmann machine; this
// is the autoencoder version of the same idea (Bengio et al., 2007). opts
// is used for every layer (Epochs is per layer); the first layer minimises
// opts.Loss against x, and the deeper ones MSE against their codes when
// opts.Loss is BCE, since codes are not in [0, 1]. It returns one History
// per layer, the first layer's first.
//
// The model must be New's or NewSymmetric's: Dense layers only, with a
// decoder that mirrors the encoder (decoder layer j, counted from the end,
// maps encoder layer j's Out back to its In). Each layer's codes of all of
// x are held in memory while it trains (60,000 rows of 1,000 values take
// 480 MB).
//
//	hist, err := m.Pretrain(ctx, x, ae.Options{Epochs: 2, BatchSize: 128, Loss: ae.BCE})
//	_, err = m.Fit(ctx, x, ae.Options{Epochs: 20, BatchSize: 128, Loss: ae.BCE})
func (m *Model) Pretrain(ctx context.Context, x *mat.Dense, opts Options) ([]*History, error) {
	return m.pretrain(ctx, x, opts, nil)
}

// pretrain is Pretrain; report, if not nil, is told each shallow
// autoencoder's loss on its data before and after its training.
func (m *Model) pretrain(ctx context.Context, x *mat.Dense, opts Options, report func(layer int, before, after float64)) ([]*History, error) {
	if ctx == nil {
		return nil, errors.New("ae: Pretrain: ctx is nil (use context.Background())")
	}
	if err := m.checkStack(); err != nil {
		return nil, err
	}
	if err := checkRows("Pretrain", "x", x, m.input); err != nil {
		return nil, err
	}
	if opts.Target != nil || opts.Validation != nil || opts.ValidationTarget != nil {
		return nil, errors.New("ae: Pretrain: Options.Target and Options.Validation are not used layer by layer: leave them nil")
	}
	var hists []*History
	codes := x
	for i := 0; i < m.nEnc; i++ {
		if i > 0 {
			var err error
			if codes, err = m.run("Pretrain", x, 0, i); err != nil {
				return hists, err
			}
		}
		enc, dec := m.layers[i], m.layers[len(m.layers)-1-i]
		shallow, err := New([]Layer{enc.Layer}, []Layer{dec.Layer}, 1)
		if err != nil {
			return hists, fmt.Errorf("ae: Pretrain: layer %d: %v", i+1, err)
		}
		m.mu.Lock()
		copy(shallow.layers[0].w, enc.w)
		copy(shallow.layers[0].b, enc.b)
		copy(shallow.layers[1].w, dec.w)
		copy(shallow.layers[1].b, dec.b)
		m.mu.Unlock()
		o := opts
		if i > 0 && o.Loss == BCE {
			o.Loss = MSE
		}
		if err := shallow.checkFit(codes, &o); err != nil {
			return hists, fmt.Errorf("ae: Pretrain: layer %d: %v", i+1, err)
		}
		before := 0.0
		if report != nil {
			before = shallow.evaluate(codes, codes, o.Loss, float32(o.CodeL1))
		}
		h, err := shallow.Fit(ctx, codes, o)
		if h != nil {
			hists = append(hists, h)
		}
		// Keep what was learned, even when stopped half-way.
		m.mu.Lock()
		copy(enc.w, shallow.layers[0].w)
		copy(enc.b, shallow.layers[0].b)
		copy(dec.w, shallow.layers[1].w)
		copy(dec.b, shallow.layers[1].b)
		m.mu.Unlock()
		if err != nil {
			return hists, fmt.Errorf("ae: Pretrain: layer %d: %w", i+1, err)
		}
		if report != nil {
			report(i, before, shallow.evaluate(codes, codes, o.Loss, float32(o.CodeL1)))
		}
	}
	return hists, nil
}

// checkStack reports why the model cannot be pretrained layer by layer.
func (m *Model) checkStack() error {
	if !m.dense() {
		return errors.New("ae: Pretrain: the model has layers other than Dense; pretraining layer by layer needs a model of Dense layers (New or NewSymmetric)")
	}
	if 2*m.nEnc != len(m.layers) {
		return fmt.Errorf("ae: Pretrain: the encoder has %d layers and the decoder %d; pretraining pairs each encoder layer with its mirror in the decoder", m.nEnc, len(m.layers)-m.nEnc)
	}
	for i := 0; i < m.nEnc; i++ {
		e, d := m.layers[i], m.layers[len(m.layers)-1-i]
		if d.In != e.Out || d.Out != e.In {
			return fmt.Errorf("ae: Pretrain: encoder layer %d maps %d to %d values, but its mirror, decoder layer %d, maps %d to %d: the decoder must mirror the encoder",
				i+1, e.In, e.Out, m.nEnc-i, d.In, d.Out)
		}
	}
	return nil
}
