package probe

import (
	"context"
	"fmt"
	"runtime"

	ole "github.com/go-ole/go-ole"
	"github.com/go-ole/go-ole/oleutil"
)

// fwPolicy2 asks Windows Firewall itself (the HNetCfg.FwPolicy2 COM object)
// for the profiles in effect and whether it is on in each: the effective
// state after Group Policy, MDM and local settings. The COM calls run on a
// locked thread of their own; ctx bounds the wait.
func fwPolicy2(ctx context.Context) (FirewallInfo, error) {
	type answer struct {
		fw  FirewallInfo
		err error
	}
	ch := make(chan answer, 1)
	go func() {
		fw, err := fwPolicy2Query()
		ch <- answer{fw, err}
	}()
	select {
	case a := <-ch:
		return a.fw, a.err
	case <-ctx.Done():
		return FirewallInfo{}, ctx.Err()
	}
}

func fwPolicy2Query() (fw FirewallInfo, err error) {
	runtime.LockOSThread()
	defer runtime.UnlockOSThread()
	defer func() {
		if p := recover(); p != nil {
			err = fmt.Errorf("probe: FwPolicy2: %v", p)
		}
	}()
	if err := ole.CoInitializeEx(0, ole.COINIT_APARTMENTTHREADED); err != nil {
		// S_FALSE (1): COM was already initialised on this thread.
		if oe, ok := err.(*ole.OleError); !ok || oe.Code() != 1 {
			return FirewallInfo{}, fmt.Errorf("probe: FwPolicy2: CoInitializeEx: %w", err)
		}
	}
	defer ole.CoUninitialize()
	unk, err := oleutil.CreateObject("HNetCfg.FwPolicy2")
	if err != nil {
		return FirewallInfo{}, fmt.Errorf("probe: FwPolicy2: %w", err)
	}
	defer unk.Release()
	disp, err := unk.QueryInterface(ole.IID_IDispatch)
	if err != nil {
		return FirewallInfo{}, fmt.Errorf("probe: FwPolicy2: %w", err)
	}
	defer disp.Release()
	cur, err := oleutil.GetProperty(disp, "CurrentProfileTypes")
	if err != nil {
		return FirewallInfo{}, fmt.Errorf("probe: FwPolicy2 CurrentProfileTypes: %w", err)
	}
	current := int32(cur.Val)
	cur.Clear()
	enabled := map[int32]bool{}
	for _, p := range fwProfileNames {
		if current&p.bit == 0 {
			continue
		}
		v, err := oleutil.GetProperty(disp, "FirewallEnabled", p.bit)
		if err != nil {
			continue
		}
		if b, ok := v.Value().(bool); ok {
			enabled[p.bit] = b
		}
		v.Clear()
	}
	return FwPolicy2State(current, enabled), nil
}
