/* eslint-disable */
import * as types from './graphql';
import type { TypedDocumentNode as DocumentNode } from '@graphql-typed-document-node/core';

/**
 * Map of all GraphQL operations in the project.
 *
 * This map has several performance disadvantages:
 * 1. It is not tree-shakeable, so it will include all operations in the project.
 * 2. It is not minifiable, so the string of a GraphQL query will be multiple times inside the bundle.
 * 3. It does not support dead code elimination, so it will add unused operations.
 *
 * Therefore it is highly recommended to use the babel or swc plugin for production.
 * Learn more about it here: https://the-guild.dev/graphql/codegen/plugins/presets/preset-client#reducing-bundle-size
 */
type Documents = {
    "\n  query Availability($from: Date!, $to: Date!) {\n    office {\n      horizonDays\n      noticeOfficeDays\n    }\n    calendar(from: $from, to: $to) {\n      date\n      open\n      reason\n    }\n    availableSlots(from: $from, to: $to) {\n      startsAt\n      endsAt\n      remaining\n      capacity\n    }\n  }\n": typeof types.AvailabilityDocument,
    "\n  query BookData {\n    currentTerms {\n      id\n      title\n    }\n    office {\n      sessionMinutes\n    }\n  }\n": typeof types.BookDataDocument,
    "\n  mutation RequestReservation($input: ReservationInput!, $key: String) {\n    requestReservation(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n    }\n  }\n": typeof types.RequestReservationDocument,
    "\n  mutation ConfirmReservation($token: String!) {\n    confirmReservation(token: $token) {\n      startsAt\n      endsAt\n      status\n    }\n  }\n": typeof types.ConfirmReservationDocument,
    "\n  query Guide {\n    office {\n      name\n      opensAt\n      closesAt\n      sessionMinutes\n      noticeOfficeDays\n      horizonDays\n      noShowGraceMinutes\n      contactPhone\n      contactHours\n    }\n  }\n": typeof types.GuideDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      token\n      account {\n        role\n      }\n    }\n  }\n": typeof types.SignInDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": typeof types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $password: String!) {\n    resetPassword(token: $token, password: $password) {\n      token\n    }\n  }\n": typeof types.ResetPasswordDocument,
    "\n  fragment ReservationSummary on Reservation {\n    id\n    status\n    startsAt\n    endsAt\n    confirmBy\n    counselorName\n    version\n  }\n": typeof types.ReservationSummaryFragmentDoc,
    "\n  query MyPage {\n    myReservations(first: 50) {\n      edges {\n        node {\n          ...ReservationSummary\n        }\n      }\n    }\n    myNotifications(first: 20) {\n      unreadCount\n      edges {\n        node {\n          id\n          createdAt\n          title\n          body\n          read\n        }\n      }\n    }\n  }\n": typeof types.MyPageDocument,
    "\n  subscription MyReservationEvents {\n    myReservationEvents {\n      ...ReservationSummary\n    }\n  }\n": typeof types.MyReservationEventsDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      read\n    }\n  }\n": typeof types.MarkNotificationReadDocument,
    "\n  mutation UpdateMyPhone($phone: String!) {\n    updateMyPhone(phone: $phone) {\n      id\n      phone\n    }\n  }\n": typeof types.UpdateMyPhoneDocument,
    "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(currentPassword: $current, newPassword: $next)\n  }\n": typeof types.ChangePasswordDocument,
    "\n  fragment ReadinessSummary on ReadinessReport {\n    submittedAt\n    source\n    overall\n    checks {\n      id\n      status\n      summary\n    }\n  }\n": typeof types.ReadinessSummaryFragmentDoc,
    "\n  query ReadinessPage($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      readiness {\n        ...ReadinessSummary\n      }\n    }\n    environmentRules {\n      version\n      document\n    }\n  }\n": typeof types.ReadinessPageDocument,
    "\n  query CheckerPlatforms {\n    checkerPlatforms {\n      os\n      arch\n    }\n  }\n": typeof types.CheckerPlatformsDocument,
    "\n  mutation ReadinessDownload($id: ID!, $os: String!, $arch: String!) {\n    readinessDownload(reservationId: $id, os: $os, arch: $arch) {\n      url\n      fileName\n      expiresAt\n    }\n  }\n": typeof types.ReadinessDownloadDocument,
    "\n  mutation SubmitBrowserReport($id: ID!, $report: ReadinessReportInput!) {\n    submitReadinessReport(reservationId: $id, report: $report) {\n      ...ReadinessSummary\n    }\n  }\n": typeof types.SubmitBrowserReportDocument,
    "\n  query ReservationDetail($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      name\n      phone\n      consultation\n      companion {\n        kind\n        note\n      }\n      counselorName\n      checkedInAt\n      meeting {\n        meetingId\n        passcode\n        joinUrl\n      }\n      readiness {\n        ...ReadinessSummary\n      }\n    }\n  }\n": typeof types.ReservationDetailDocument,
    "\n  mutation CheckIn($id: ID!) {\n    checkIn(id: $id) {\n      id\n      status\n      checkedInAt\n    }\n  }\n": typeof types.CheckInDocument,
    "\n  mutation CancelReservation($id: ID!) {\n    cancelReservation(id: $id, channel: SITE) {\n      id\n      status\n      startsAt\n      endsAt\n    }\n  }\n": typeof types.CancelReservationDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      sent\n      message\n    }\n  }\n": typeof types.SignUpDocument,
    "\n  mutation SignInAfterSignUp($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      token\n    }\n  }\n": typeof types.SignInAfterSignUpDocument,
    "\n  mutation ResendVerification {\n    resendVerificationEmail\n  }\n": typeof types.ResendVerificationDocument,
    "\n  query CurrentTerms {\n    currentTerms {\n      ...TermsText\n    }\n  }\n": typeof types.CurrentTermsDocument,
    "\n  query TermsVersion($id: ID!) {\n    termsVersion(id: $id) {\n      ...TermsText\n    }\n  }\n": typeof types.TermsVersionDocument,
    "\n  fragment TermsText on TermsVersion {\n    id\n    title\n    effectiveFrom\n    text\n    inForce\n  }\n": typeof types.TermsTextFragmentDoc,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      id\n      emailVerified\n    }\n  }\n": typeof types.VerifyEmailDocument,
    "\n  query Me {\n    me {\n      id\n      email\n      name\n      role\n      emailVerified\n      jobSeeker {\n        id\n        name\n        phone\n        jobSeekerNumber\n        registrationVerified\n        eligible\n        suspended {\n          reason\n          until\n        }\n      }\n    }\n  }\n": typeof types.MeDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": typeof types.SignOutDocument,
    "\n  query AdminOffice {\n    office {\n      name\n      opensAt\n      closesAt\n      capacity\n      noticeOfficeDays\n      horizonDays\n    }\n  }\n": typeof types.AdminOfficeDocument,
    "\n  mutation AdminUpdateOffice($input: OfficeInput!) {\n    updateOffice(input: $input) {\n      name\n      opensAt\n      closesAt\n      capacity\n      noticeOfficeDays\n      horizonDays\n    }\n  }\n": typeof types.AdminUpdateOfficeDocument,
    "\n  query AdminCalendar($from: Date!, $to: Date!) {\n    calendar(from: $from, to: $to) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n": typeof types.AdminCalendarDocument,
    "\n  mutation AdminSetCalendarOverride($date: Date!, $open: Boolean!, $reason: String!) {\n    setCalendarOverride(date: $date, open: $open, reason: $reason) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n": typeof types.AdminSetCalendarOverrideDocument,
    "\n  mutation AdminClearCalendarOverride($date: Date!) {\n    clearCalendarOverride(date: $date) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n": typeof types.AdminClearCalendarOverrideDocument,
    "\n  query AdminStaff {\n    staffAccounts {\n      id\n      name\n      email\n      role\n    }\n  }\n": typeof types.AdminStaffDocument,
    "\n  mutation AdminCreateStaff($input: CreateStaffInput!) {\n    createStaff(input: $input) {\n      id\n      name\n      email\n      role\n    }\n  }\n": typeof types.AdminCreateStaffDocument,
    "\n  mutation AdminDeactivateStaff($id: ID!) {\n    deactivateStaff(id: $id) {\n      id\n    }\n  }\n": typeof types.AdminDeactivateStaffDocument,
    "\n  query AdminTerms {\n    termsVersions {\n      id\n      title\n      effectiveFrom\n      publishedAt\n      inForce\n      text\n    }\n  }\n": typeof types.AdminTermsDocument,
    "\n  mutation AdminPublishTerms($input: TermsInput!) {\n    publishTerms(input: $input) {\n      id\n      title\n      effectiveFrom\n    }\n  }\n": typeof types.AdminPublishTermsDocument,
    "\n  query AdminBooths {\n    booths {\n      seat\n      meetingId\n      passcode\n      joinUrl\n    }\n    office {\n      capacity\n    }\n  }\n": typeof types.AdminBoothsDocument,
    "\n  mutation AdminSetBooth($input: BoothInput!) {\n    setBooth(input: $input) {\n      seat\n      meetingId\n      passcode\n      joinUrl\n    }\n  }\n": typeof types.AdminSetBoothDocument,
    "\n  mutation AdminRotateBoothPasscode($seat: Int!) {\n    rotateBoothPasscode(seat: $seat) {\n      seat\n      passcode\n    }\n  }\n": typeof types.AdminRotateBoothPasscodeDocument,
    "\n  mutation AdminImportRegistrations($csv: String!) {\n    importRegistrations(csv: $csv) {\n      rows\n      verified\n      rejected\n    }\n  }\n": typeof types.AdminImportRegistrationsDocument,
    "\n  query AdminAccessLog($filter: AccessLogFilter, $before: String) {\n    accessLog(filter: $filter, first: 50, before: $before) {\n      entries {\n        at\n        accountId\n        account {\n          id\n          name\n          role\n        }\n        role\n        operation\n        outcome\n        ip\n        userAgent\n        device\n      }\n      hasNextPage\n      endCursor\n    }\n  }\n": typeof types.AdminAccessLogDocument,
    "\n  query AdminAuditLog($jobSeekerId: ID!, $from: Date!, $to: Date!) {\n    auditLog(jobSeekerId: $jobSeekerId, from: $from, to: $to, first: 50) {\n      entries {\n        at\n        staffId\n        staff {\n          id\n          name\n          role\n        }\n        jobSeekerId\n        operation\n      }\n      hasNextPage\n    }\n  }\n": typeof types.AdminAuditLogDocument,
    "\n  query AdminStats($from: Date!, $to: Date!) {\n    usageStatistics(from: $from, to: $to) {\n      from\n      to\n      reservations\n      completed\n      cancelled\n      noShows\n      expired\n      byHour {\n        hour\n        count\n      }\n    }\n  }\n": typeof types.AdminStatsDocument,
    "\n  fragment BoardRow on Reservation {\n    id\n    status\n    startsAt\n    endsAt\n    name\n    phone\n    channel\n    consultation\n    companion {\n      kind\n      note\n    }\n    counselor {\n      id\n      name\n    }\n    readiness {\n      source\n      overall\n    }\n    noShowAt\n    checkedInAt\n    jobSeeker {\n      id\n      jobSeekerNumber\n    }\n    version\n  }\n": typeof types.BoardRowFragmentDoc,
    "\n  query BoardQueue($date: Date!) {\n    queue(date: $date) {\n      date\n      seq\n      reservations {\n        ...BoardRow\n      }\n    }\n    staffAccounts {\n      id\n      name\n      role\n    }\n    reservationsOnClosedDays {\n      id\n      startsAt\n      endsAt\n      name\n    }\n    unmatchedReplies\n  }\n": typeof types.BoardQueueDocument,
    "\n  subscription BoardEvents($date: Date!, $afterSeq: Int) {\n    queueEvents(date: $date, afterSeq: $afterSeq) {\n      seq\n      type\n      at\n      reservation {\n        ...BoardRow\n      }\n    }\n  }\n": typeof types.BoardEventsDocument,
    "\n  mutation BoardAssign($id: ID!, $counselorId: ID) {\n    assignCounselor(id: $id, counselorId: $counselorId) {\n      ...BoardRow\n    }\n  }\n": typeof types.BoardAssignDocument,
    "\n  mutation BoardStart($id: ID!) {\n    startSession(id: $id) {\n      ...BoardRow\n    }\n  }\n": typeof types.BoardStartDocument,
    "\n  mutation BoardComplete($id: ID!, $note: String) {\n    completeSession(id: $id, note: $note) {\n      ...BoardRow\n    }\n  }\n": typeof types.BoardCompleteDocument,
    "\n  mutation BoardTerminate($id: ID!, $reason: String!) {\n    terminateSession(id: $id, reason: $reason) {\n      ...BoardRow\n    }\n  }\n": typeof types.BoardTerminateDocument,
    "\n  mutation BoardNoShow($id: ID!) {\n    markNoShow(id: $id) {\n      ...BoardRow\n    }\n  }\n": typeof types.BoardNoShowDocument,
    "\n  mutation BoardRevertNoShow($id: ID!, $reason: String!) {\n    revertNoShow(id: $id, reason: $reason) {\n      ...BoardRow\n    }\n  }\n": typeof types.BoardRevertNoShowDocument,
    "\n  mutation BoardRecordReply($id: ID!) {\n    recordReply(id: $id) {\n      ...BoardRow\n    }\n  }\n": typeof types.BoardRecordReplyDocument,
    "\n  mutation BoardCancel($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason, channel: PHONE) {\n      ...BoardRow\n    }\n  }\n": typeof types.BoardCancelDocument,
    "\n  query StaffJobSeekerSearch($search: String) {\n    jobSeekers(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          jobSeekerNumber\n          phone\n          email\n          registrationVerified\n          eligible\n          flaggedForReview\n          suspended {\n            reason\n          }\n        }\n      }\n    }\n  }\n": typeof types.StaffJobSeekerSearchDocument,
    "\n  query StaffJobSeeker($id: ID!) {\n    jobSeeker(id: $id) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      emailVerified\n      registrationVerified\n      eligible\n      noShowCount\n      flaggedForReview\n      createdAt\n      suspended {\n        reason\n        since\n        until\n      }\n      lastReinstatement {\n        at\n        note\n      }\n      reservations(first: 50) {\n        edges {\n          node {\n            id\n            status\n            startsAt\n            endsAt\n            channel\n          }\n        }\n      }\n    }\n  }\n": typeof types.StaffJobSeekerDocument,
    "\n  mutation StaffVerifyJobSeeker($id: ID!) {\n    verifyJobSeeker(id: $id) {\n      id\n      registrationVerified\n    }\n  }\n": typeof types.StaffVerifyJobSeekerDocument,
    "\n  mutation StaffSuspendJobSeeker($id: ID!, $reason: String!, $until: Date) {\n    suspendJobSeeker(id: $id, reason: $reason, until: $until) {\n      id\n    }\n  }\n": typeof types.StaffSuspendJobSeekerDocument,
    "\n  mutation StaffReinstateJobSeeker($id: ID!, $note: String) {\n    reinstateJobSeeker(id: $id, note: $note) {\n      id\n    }\n  }\n": typeof types.StaffReinstateJobSeekerDocument,
    "\n  query PhoneJobSeekers($search: String) {\n    jobSeekers(search: $search, first: 20) {\n      edges {\n        node {\n          id\n          name\n          jobSeekerNumber\n          phone\n          email\n          eligible\n          registrationVerified\n          suspended {\n            reason\n          }\n        }\n      }\n    }\n  }\n": typeof types.PhoneJobSeekersDocument,
    "\n  query PhoneJobSeeker($id: ID!) {\n    jobSeeker(id: $id) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      eligible\n      registrationVerified\n      suspended {\n        reason\n      }\n    }\n  }\n": typeof types.PhoneJobSeekerDocument,
    "\n  mutation PhoneRegisterJobSeeker($input: RegisterJobSeekerInput!) {\n    registerJobSeeker(input: $input) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      eligible\n      registrationVerified\n      suspended {\n        reason\n      }\n    }\n  }\n": typeof types.PhoneRegisterJobSeekerDocument,
    "\n  query PhoneSlots($from: Date!, $to: Date!) {\n    availableSlots(from: $from, to: $to) {\n      startsAt\n      endsAt\n      capacity\n      remaining\n      confirmBy\n    }\n  }\n": typeof types.PhoneSlotsDocument,
    "\n  mutation PhoneCreateApplication($input: ApplicationInput!, $key: String) {\n    createApplication(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n": typeof types.PhoneCreateApplicationDocument,
    "\n  mutation PhoneBookFollowUp($input: FollowUpInput!, $key: String) {\n    bookFollowUp(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n": typeof types.PhoneBookFollowUpDocument,
    "\n  mutation PhoneRecordReply($id: ID!) {\n    recordReply(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n": typeof types.PhoneRecordReplyDocument,
};
const documents: Documents = {
    "\n  query Availability($from: Date!, $to: Date!) {\n    office {\n      horizonDays\n      noticeOfficeDays\n    }\n    calendar(from: $from, to: $to) {\n      date\n      open\n      reason\n    }\n    availableSlots(from: $from, to: $to) {\n      startsAt\n      endsAt\n      remaining\n      capacity\n    }\n  }\n": types.AvailabilityDocument,
    "\n  query BookData {\n    currentTerms {\n      id\n      title\n    }\n    office {\n      sessionMinutes\n    }\n  }\n": types.BookDataDocument,
    "\n  mutation RequestReservation($input: ReservationInput!, $key: String) {\n    requestReservation(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n    }\n  }\n": types.RequestReservationDocument,
    "\n  mutation ConfirmReservation($token: String!) {\n    confirmReservation(token: $token) {\n      startsAt\n      endsAt\n      status\n    }\n  }\n": types.ConfirmReservationDocument,
    "\n  query Guide {\n    office {\n      name\n      opensAt\n      closesAt\n      sessionMinutes\n      noticeOfficeDays\n      horizonDays\n      noShowGraceMinutes\n      contactPhone\n      contactHours\n    }\n  }\n": types.GuideDocument,
    "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      token\n      account {\n        role\n      }\n    }\n  }\n": types.SignInDocument,
    "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n": types.RequestPasswordResetDocument,
    "\n  mutation ResetPassword($token: String!, $password: String!) {\n    resetPassword(token: $token, password: $password) {\n      token\n    }\n  }\n": types.ResetPasswordDocument,
    "\n  fragment ReservationSummary on Reservation {\n    id\n    status\n    startsAt\n    endsAt\n    confirmBy\n    counselorName\n    version\n  }\n": types.ReservationSummaryFragmentDoc,
    "\n  query MyPage {\n    myReservations(first: 50) {\n      edges {\n        node {\n          ...ReservationSummary\n        }\n      }\n    }\n    myNotifications(first: 20) {\n      unreadCount\n      edges {\n        node {\n          id\n          createdAt\n          title\n          body\n          read\n        }\n      }\n    }\n  }\n": types.MyPageDocument,
    "\n  subscription MyReservationEvents {\n    myReservationEvents {\n      ...ReservationSummary\n    }\n  }\n": types.MyReservationEventsDocument,
    "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      read\n    }\n  }\n": types.MarkNotificationReadDocument,
    "\n  mutation UpdateMyPhone($phone: String!) {\n    updateMyPhone(phone: $phone) {\n      id\n      phone\n    }\n  }\n": types.UpdateMyPhoneDocument,
    "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(currentPassword: $current, newPassword: $next)\n  }\n": types.ChangePasswordDocument,
    "\n  fragment ReadinessSummary on ReadinessReport {\n    submittedAt\n    source\n    overall\n    checks {\n      id\n      status\n      summary\n    }\n  }\n": types.ReadinessSummaryFragmentDoc,
    "\n  query ReadinessPage($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      readiness {\n        ...ReadinessSummary\n      }\n    }\n    environmentRules {\n      version\n      document\n    }\n  }\n": types.ReadinessPageDocument,
    "\n  query CheckerPlatforms {\n    checkerPlatforms {\n      os\n      arch\n    }\n  }\n": types.CheckerPlatformsDocument,
    "\n  mutation ReadinessDownload($id: ID!, $os: String!, $arch: String!) {\n    readinessDownload(reservationId: $id, os: $os, arch: $arch) {\n      url\n      fileName\n      expiresAt\n    }\n  }\n": types.ReadinessDownloadDocument,
    "\n  mutation SubmitBrowserReport($id: ID!, $report: ReadinessReportInput!) {\n    submitReadinessReport(reservationId: $id, report: $report) {\n      ...ReadinessSummary\n    }\n  }\n": types.SubmitBrowserReportDocument,
    "\n  query ReservationDetail($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      name\n      phone\n      consultation\n      companion {\n        kind\n        note\n      }\n      counselorName\n      checkedInAt\n      meeting {\n        meetingId\n        passcode\n        joinUrl\n      }\n      readiness {\n        ...ReadinessSummary\n      }\n    }\n  }\n": types.ReservationDetailDocument,
    "\n  mutation CheckIn($id: ID!) {\n    checkIn(id: $id) {\n      id\n      status\n      checkedInAt\n    }\n  }\n": types.CheckInDocument,
    "\n  mutation CancelReservation($id: ID!) {\n    cancelReservation(id: $id, channel: SITE) {\n      id\n      status\n      startsAt\n      endsAt\n    }\n  }\n": types.CancelReservationDocument,
    "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      sent\n      message\n    }\n  }\n": types.SignUpDocument,
    "\n  mutation SignInAfterSignUp($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      token\n    }\n  }\n": types.SignInAfterSignUpDocument,
    "\n  mutation ResendVerification {\n    resendVerificationEmail\n  }\n": types.ResendVerificationDocument,
    "\n  query CurrentTerms {\n    currentTerms {\n      ...TermsText\n    }\n  }\n": types.CurrentTermsDocument,
    "\n  query TermsVersion($id: ID!) {\n    termsVersion(id: $id) {\n      ...TermsText\n    }\n  }\n": types.TermsVersionDocument,
    "\n  fragment TermsText on TermsVersion {\n    id\n    title\n    effectiveFrom\n    text\n    inForce\n  }\n": types.TermsTextFragmentDoc,
    "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      id\n      emailVerified\n    }\n  }\n": types.VerifyEmailDocument,
    "\n  query Me {\n    me {\n      id\n      email\n      name\n      role\n      emailVerified\n      jobSeeker {\n        id\n        name\n        phone\n        jobSeekerNumber\n        registrationVerified\n        eligible\n        suspended {\n          reason\n          until\n        }\n      }\n    }\n  }\n": types.MeDocument,
    "\n  mutation SignOut {\n    signOut\n  }\n": types.SignOutDocument,
    "\n  query AdminOffice {\n    office {\n      name\n      opensAt\n      closesAt\n      capacity\n      noticeOfficeDays\n      horizonDays\n    }\n  }\n": types.AdminOfficeDocument,
    "\n  mutation AdminUpdateOffice($input: OfficeInput!) {\n    updateOffice(input: $input) {\n      name\n      opensAt\n      closesAt\n      capacity\n      noticeOfficeDays\n      horizonDays\n    }\n  }\n": types.AdminUpdateOfficeDocument,
    "\n  query AdminCalendar($from: Date!, $to: Date!) {\n    calendar(from: $from, to: $to) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n": types.AdminCalendarDocument,
    "\n  mutation AdminSetCalendarOverride($date: Date!, $open: Boolean!, $reason: String!) {\n    setCalendarOverride(date: $date, open: $open, reason: $reason) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n": types.AdminSetCalendarOverrideDocument,
    "\n  mutation AdminClearCalendarOverride($date: Date!) {\n    clearCalendarOverride(date: $date) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n": types.AdminClearCalendarOverrideDocument,
    "\n  query AdminStaff {\n    staffAccounts {\n      id\n      name\n      email\n      role\n    }\n  }\n": types.AdminStaffDocument,
    "\n  mutation AdminCreateStaff($input: CreateStaffInput!) {\n    createStaff(input: $input) {\n      id\n      name\n      email\n      role\n    }\n  }\n": types.AdminCreateStaffDocument,
    "\n  mutation AdminDeactivateStaff($id: ID!) {\n    deactivateStaff(id: $id) {\n      id\n    }\n  }\n": types.AdminDeactivateStaffDocument,
    "\n  query AdminTerms {\n    termsVersions {\n      id\n      title\n      effectiveFrom\n      publishedAt\n      inForce\n      text\n    }\n  }\n": types.AdminTermsDocument,
    "\n  mutation AdminPublishTerms($input: TermsInput!) {\n    publishTerms(input: $input) {\n      id\n      title\n      effectiveFrom\n    }\n  }\n": types.AdminPublishTermsDocument,
    "\n  query AdminBooths {\n    booths {\n      seat\n      meetingId\n      passcode\n      joinUrl\n    }\n    office {\n      capacity\n    }\n  }\n": types.AdminBoothsDocument,
    "\n  mutation AdminSetBooth($input: BoothInput!) {\n    setBooth(input: $input) {\n      seat\n      meetingId\n      passcode\n      joinUrl\n    }\n  }\n": types.AdminSetBoothDocument,
    "\n  mutation AdminRotateBoothPasscode($seat: Int!) {\n    rotateBoothPasscode(seat: $seat) {\n      seat\n      passcode\n    }\n  }\n": types.AdminRotateBoothPasscodeDocument,
    "\n  mutation AdminImportRegistrations($csv: String!) {\n    importRegistrations(csv: $csv) {\n      rows\n      verified\n      rejected\n    }\n  }\n": types.AdminImportRegistrationsDocument,
    "\n  query AdminAccessLog($filter: AccessLogFilter, $before: String) {\n    accessLog(filter: $filter, first: 50, before: $before) {\n      entries {\n        at\n        accountId\n        account {\n          id\n          name\n          role\n        }\n        role\n        operation\n        outcome\n        ip\n        userAgent\n        device\n      }\n      hasNextPage\n      endCursor\n    }\n  }\n": types.AdminAccessLogDocument,
    "\n  query AdminAuditLog($jobSeekerId: ID!, $from: Date!, $to: Date!) {\n    auditLog(jobSeekerId: $jobSeekerId, from: $from, to: $to, first: 50) {\n      entries {\n        at\n        staffId\n        staff {\n          id\n          name\n          role\n        }\n        jobSeekerId\n        operation\n      }\n      hasNextPage\n    }\n  }\n": types.AdminAuditLogDocument,
    "\n  query AdminStats($from: Date!, $to: Date!) {\n    usageStatistics(from: $from, to: $to) {\n      from\n      to\n      reservations\n      completed\n      cancelled\n      noShows\n      expired\n      byHour {\n        hour\n        count\n      }\n    }\n  }\n": types.AdminStatsDocument,
    "\n  fragment BoardRow on Reservation {\n    id\n    status\n    startsAt\n    endsAt\n    name\n    phone\n    channel\n    consultation\n    companion {\n      kind\n      note\n    }\n    counselor {\n      id\n      name\n    }\n    readiness {\n      source\n      overall\n    }\n    noShowAt\n    checkedInAt\n    jobSeeker {\n      id\n      jobSeekerNumber\n    }\n    version\n  }\n": types.BoardRowFragmentDoc,
    "\n  query BoardQueue($date: Date!) {\n    queue(date: $date) {\n      date\n      seq\n      reservations {\n        ...BoardRow\n      }\n    }\n    staffAccounts {\n      id\n      name\n      role\n    }\n    reservationsOnClosedDays {\n      id\n      startsAt\n      endsAt\n      name\n    }\n    unmatchedReplies\n  }\n": types.BoardQueueDocument,
    "\n  subscription BoardEvents($date: Date!, $afterSeq: Int) {\n    queueEvents(date: $date, afterSeq: $afterSeq) {\n      seq\n      type\n      at\n      reservation {\n        ...BoardRow\n      }\n    }\n  }\n": types.BoardEventsDocument,
    "\n  mutation BoardAssign($id: ID!, $counselorId: ID) {\n    assignCounselor(id: $id, counselorId: $counselorId) {\n      ...BoardRow\n    }\n  }\n": types.BoardAssignDocument,
    "\n  mutation BoardStart($id: ID!) {\n    startSession(id: $id) {\n      ...BoardRow\n    }\n  }\n": types.BoardStartDocument,
    "\n  mutation BoardComplete($id: ID!, $note: String) {\n    completeSession(id: $id, note: $note) {\n      ...BoardRow\n    }\n  }\n": types.BoardCompleteDocument,
    "\n  mutation BoardTerminate($id: ID!, $reason: String!) {\n    terminateSession(id: $id, reason: $reason) {\n      ...BoardRow\n    }\n  }\n": types.BoardTerminateDocument,
    "\n  mutation BoardNoShow($id: ID!) {\n    markNoShow(id: $id) {\n      ...BoardRow\n    }\n  }\n": types.BoardNoShowDocument,
    "\n  mutation BoardRevertNoShow($id: ID!, $reason: String!) {\n    revertNoShow(id: $id, reason: $reason) {\n      ...BoardRow\n    }\n  }\n": types.BoardRevertNoShowDocument,
    "\n  mutation BoardRecordReply($id: ID!) {\n    recordReply(id: $id) {\n      ...BoardRow\n    }\n  }\n": types.BoardRecordReplyDocument,
    "\n  mutation BoardCancel($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason, channel: PHONE) {\n      ...BoardRow\n    }\n  }\n": types.BoardCancelDocument,
    "\n  query StaffJobSeekerSearch($search: String) {\n    jobSeekers(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          jobSeekerNumber\n          phone\n          email\n          registrationVerified\n          eligible\n          flaggedForReview\n          suspended {\n            reason\n          }\n        }\n      }\n    }\n  }\n": types.StaffJobSeekerSearchDocument,
    "\n  query StaffJobSeeker($id: ID!) {\n    jobSeeker(id: $id) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      emailVerified\n      registrationVerified\n      eligible\n      noShowCount\n      flaggedForReview\n      createdAt\n      suspended {\n        reason\n        since\n        until\n      }\n      lastReinstatement {\n        at\n        note\n      }\n      reservations(first: 50) {\n        edges {\n          node {\n            id\n            status\n            startsAt\n            endsAt\n            channel\n          }\n        }\n      }\n    }\n  }\n": types.StaffJobSeekerDocument,
    "\n  mutation StaffVerifyJobSeeker($id: ID!) {\n    verifyJobSeeker(id: $id) {\n      id\n      registrationVerified\n    }\n  }\n": types.StaffVerifyJobSeekerDocument,
    "\n  mutation StaffSuspendJobSeeker($id: ID!, $reason: String!, $until: Date) {\n    suspendJobSeeker(id: $id, reason: $reason, until: $until) {\n      id\n    }\n  }\n": types.StaffSuspendJobSeekerDocument,
    "\n  mutation StaffReinstateJobSeeker($id: ID!, $note: String) {\n    reinstateJobSeeker(id: $id, note: $note) {\n      id\n    }\n  }\n": types.StaffReinstateJobSeekerDocument,
    "\n  query PhoneJobSeekers($search: String) {\n    jobSeekers(search: $search, first: 20) {\n      edges {\n        node {\n          id\n          name\n          jobSeekerNumber\n          phone\n          email\n          eligible\n          registrationVerified\n          suspended {\n            reason\n          }\n        }\n      }\n    }\n  }\n": types.PhoneJobSeekersDocument,
    "\n  query PhoneJobSeeker($id: ID!) {\n    jobSeeker(id: $id) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      eligible\n      registrationVerified\n      suspended {\n        reason\n      }\n    }\n  }\n": types.PhoneJobSeekerDocument,
    "\n  mutation PhoneRegisterJobSeeker($input: RegisterJobSeekerInput!) {\n    registerJobSeeker(input: $input) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      eligible\n      registrationVerified\n      suspended {\n        reason\n      }\n    }\n  }\n": types.PhoneRegisterJobSeekerDocument,
    "\n  query PhoneSlots($from: Date!, $to: Date!) {\n    availableSlots(from: $from, to: $to) {\n      startsAt\n      endsAt\n      capacity\n      remaining\n      confirmBy\n    }\n  }\n": types.PhoneSlotsDocument,
    "\n  mutation PhoneCreateApplication($input: ApplicationInput!, $key: String) {\n    createApplication(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n": types.PhoneCreateApplicationDocument,
    "\n  mutation PhoneBookFollowUp($input: FollowUpInput!, $key: String) {\n    bookFollowUp(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n": types.PhoneBookFollowUpDocument,
    "\n  mutation PhoneRecordReply($id: ID!) {\n    recordReply(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n": types.PhoneRecordReplyDocument,
};

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 *
 *
 * @example
 * ```ts
 * const query = graphql(`query GetUser($id: ID!) { user(id: $id) { name } }`);
 * ```
 *
 * The query argument is unknown!
 * Please regenerate the types.
 */
export function graphql(source: string): unknown;

/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Availability($from: Date!, $to: Date!) {\n    office {\n      horizonDays\n      noticeOfficeDays\n    }\n    calendar(from: $from, to: $to) {\n      date\n      open\n      reason\n    }\n    availableSlots(from: $from, to: $to) {\n      startsAt\n      endsAt\n      remaining\n      capacity\n    }\n  }\n"): (typeof documents)["\n  query Availability($from: Date!, $to: Date!) {\n    office {\n      horizonDays\n      noticeOfficeDays\n    }\n    calendar(from: $from, to: $to) {\n      date\n      open\n      reason\n    }\n    availableSlots(from: $from, to: $to) {\n      startsAt\n      endsAt\n      remaining\n      capacity\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BookData {\n    currentTerms {\n      id\n      title\n    }\n    office {\n      sessionMinutes\n    }\n  }\n"): (typeof documents)["\n  query BookData {\n    currentTerms {\n      id\n      title\n    }\n    office {\n      sessionMinutes\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestReservation($input: ReservationInput!, $key: String) {\n    requestReservation(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n    }\n  }\n"): (typeof documents)["\n  mutation RequestReservation($input: ReservationInput!, $key: String) {\n    requestReservation(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ConfirmReservation($token: String!) {\n    confirmReservation(token: $token) {\n      startsAt\n      endsAt\n      status\n    }\n  }\n"): (typeof documents)["\n  mutation ConfirmReservation($token: String!) {\n    confirmReservation(token: $token) {\n      startsAt\n      endsAt\n      status\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Guide {\n    office {\n      name\n      opensAt\n      closesAt\n      sessionMinutes\n      noticeOfficeDays\n      horizonDays\n      noShowGraceMinutes\n      contactPhone\n      contactHours\n    }\n  }\n"): (typeof documents)["\n  query Guide {\n    office {\n      name\n      opensAt\n      closesAt\n      sessionMinutes\n      noticeOfficeDays\n      horizonDays\n      noShowGraceMinutes\n      contactPhone\n      contactHours\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      token\n      account {\n        role\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation SignIn($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      token\n      account {\n        role\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"): (typeof documents)["\n  mutation RequestPasswordReset($email: String!) {\n    requestPasswordReset(email: $email)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResetPassword($token: String!, $password: String!) {\n    resetPassword(token: $token, password: $password) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation ResetPassword($token: String!, $password: String!) {\n    resetPassword(token: $token, password: $password) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReservationSummary on Reservation {\n    id\n    status\n    startsAt\n    endsAt\n    confirmBy\n    counselorName\n    version\n  }\n"): (typeof documents)["\n  fragment ReservationSummary on Reservation {\n    id\n    status\n    startsAt\n    endsAt\n    confirmBy\n    counselorName\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query MyPage {\n    myReservations(first: 50) {\n      edges {\n        node {\n          ...ReservationSummary\n        }\n      }\n    }\n    myNotifications(first: 20) {\n      unreadCount\n      edges {\n        node {\n          id\n          createdAt\n          title\n          body\n          read\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query MyPage {\n    myReservations(first: 50) {\n      edges {\n        node {\n          ...ReservationSummary\n        }\n      }\n    }\n    myNotifications(first: 20) {\n      unreadCount\n      edges {\n        node {\n          id\n          createdAt\n          title\n          body\n          read\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription MyReservationEvents {\n    myReservationEvents {\n      ...ReservationSummary\n    }\n  }\n"): (typeof documents)["\n  subscription MyReservationEvents {\n    myReservationEvents {\n      ...ReservationSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      read\n    }\n  }\n"): (typeof documents)["\n  mutation MarkNotificationRead($id: ID!) {\n    markNotificationRead(id: $id) {\n      id\n      read\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation UpdateMyPhone($phone: String!) {\n    updateMyPhone(phone: $phone) {\n      id\n      phone\n    }\n  }\n"): (typeof documents)["\n  mutation UpdateMyPhone($phone: String!) {\n    updateMyPhone(phone: $phone) {\n      id\n      phone\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(currentPassword: $current, newPassword: $next)\n  }\n"): (typeof documents)["\n  mutation ChangePassword($current: String!, $next: String!) {\n    changePassword(currentPassword: $current, newPassword: $next)\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment ReadinessSummary on ReadinessReport {\n    submittedAt\n    source\n    overall\n    checks {\n      id\n      status\n      summary\n    }\n  }\n"): (typeof documents)["\n  fragment ReadinessSummary on ReadinessReport {\n    submittedAt\n    source\n    overall\n    checks {\n      id\n      status\n      summary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReadinessPage($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      readiness {\n        ...ReadinessSummary\n      }\n    }\n    environmentRules {\n      version\n      document\n    }\n  }\n"): (typeof documents)["\n  query ReadinessPage($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      readiness {\n        ...ReadinessSummary\n      }\n    }\n    environmentRules {\n      version\n      document\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CheckerPlatforms {\n    checkerPlatforms {\n      os\n      arch\n    }\n  }\n"): (typeof documents)["\n  query CheckerPlatforms {\n    checkerPlatforms {\n      os\n      arch\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ReadinessDownload($id: ID!, $os: String!, $arch: String!) {\n    readinessDownload(reservationId: $id, os: $os, arch: $arch) {\n      url\n      fileName\n      expiresAt\n    }\n  }\n"): (typeof documents)["\n  mutation ReadinessDownload($id: ID!, $os: String!, $arch: String!) {\n    readinessDownload(reservationId: $id, os: $os, arch: $arch) {\n      url\n      fileName\n      expiresAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SubmitBrowserReport($id: ID!, $report: ReadinessReportInput!) {\n    submitReadinessReport(reservationId: $id, report: $report) {\n      ...ReadinessSummary\n    }\n  }\n"): (typeof documents)["\n  mutation SubmitBrowserReport($id: ID!, $report: ReadinessReportInput!) {\n    submitReadinessReport(reservationId: $id, report: $report) {\n      ...ReadinessSummary\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query ReservationDetail($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      name\n      phone\n      consultation\n      companion {\n        kind\n        note\n      }\n      counselorName\n      checkedInAt\n      meeting {\n        meetingId\n        passcode\n        joinUrl\n      }\n      readiness {\n        ...ReadinessSummary\n      }\n    }\n  }\n"): (typeof documents)["\n  query ReservationDetail($id: ID!) {\n    reservation(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      name\n      phone\n      consultation\n      companion {\n        kind\n        note\n      }\n      counselorName\n      checkedInAt\n      meeting {\n        meetingId\n        passcode\n        joinUrl\n      }\n      readiness {\n        ...ReadinessSummary\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CheckIn($id: ID!) {\n    checkIn(id: $id) {\n      id\n      status\n      checkedInAt\n    }\n  }\n"): (typeof documents)["\n  mutation CheckIn($id: ID!) {\n    checkIn(id: $id) {\n      id\n      status\n      checkedInAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation CancelReservation($id: ID!) {\n    cancelReservation(id: $id, channel: SITE) {\n      id\n      status\n      startsAt\n      endsAt\n    }\n  }\n"): (typeof documents)["\n  mutation CancelReservation($id: ID!) {\n    cancelReservation(id: $id, channel: SITE) {\n      id\n      status\n      startsAt\n      endsAt\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      sent\n      message\n    }\n  }\n"): (typeof documents)["\n  mutation SignUp($input: SignUpInput!) {\n    signUp(input: $input) {\n      sent\n      message\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignInAfterSignUp($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      token\n    }\n  }\n"): (typeof documents)["\n  mutation SignInAfterSignUp($email: String!, $password: String!) {\n    signIn(email: $email, password: $password) {\n      token\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation ResendVerification {\n    resendVerificationEmail\n  }\n"): (typeof documents)["\n  mutation ResendVerification {\n    resendVerificationEmail\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query CurrentTerms {\n    currentTerms {\n      ...TermsText\n    }\n  }\n"): (typeof documents)["\n  query CurrentTerms {\n    currentTerms {\n      ...TermsText\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query TermsVersion($id: ID!) {\n    termsVersion(id: $id) {\n      ...TermsText\n    }\n  }\n"): (typeof documents)["\n  query TermsVersion($id: ID!) {\n    termsVersion(id: $id) {\n      ...TermsText\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment TermsText on TermsVersion {\n    id\n    title\n    effectiveFrom\n    text\n    inForce\n  }\n"): (typeof documents)["\n  fragment TermsText on TermsVersion {\n    id\n    title\n    effectiveFrom\n    text\n    inForce\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      id\n      emailVerified\n    }\n  }\n"): (typeof documents)["\n  mutation VerifyEmail($token: String!) {\n    verifyEmail(token: $token) {\n      id\n      emailVerified\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query Me {\n    me {\n      id\n      email\n      name\n      role\n      emailVerified\n      jobSeeker {\n        id\n        name\n        phone\n        jobSeekerNumber\n        registrationVerified\n        eligible\n        suspended {\n          reason\n          until\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query Me {\n    me {\n      id\n      email\n      name\n      role\n      emailVerified\n      jobSeeker {\n        id\n        name\n        phone\n        jobSeekerNumber\n        registrationVerified\n        eligible\n        suspended {\n          reason\n          until\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation SignOut {\n    signOut\n  }\n"): (typeof documents)["\n  mutation SignOut {\n    signOut\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminOffice {\n    office {\n      name\n      opensAt\n      closesAt\n      capacity\n      noticeOfficeDays\n      horizonDays\n    }\n  }\n"): (typeof documents)["\n  query AdminOffice {\n    office {\n      name\n      opensAt\n      closesAt\n      capacity\n      noticeOfficeDays\n      horizonDays\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminUpdateOffice($input: OfficeInput!) {\n    updateOffice(input: $input) {\n      name\n      opensAt\n      closesAt\n      capacity\n      noticeOfficeDays\n      horizonDays\n    }\n  }\n"): (typeof documents)["\n  mutation AdminUpdateOffice($input: OfficeInput!) {\n    updateOffice(input: $input) {\n      name\n      opensAt\n      closesAt\n      capacity\n      noticeOfficeDays\n      horizonDays\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminCalendar($from: Date!, $to: Date!) {\n    calendar(from: $from, to: $to) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminCalendar($from: Date!, $to: Date!) {\n    calendar(from: $from, to: $to) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminSetCalendarOverride($date: Date!, $open: Boolean!, $reason: String!) {\n    setCalendarOverride(date: $date, open: $open, reason: $reason) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminSetCalendarOverride($date: Date!, $open: Boolean!, $reason: String!) {\n    setCalendarOverride(date: $date, open: $open, reason: $reason) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminClearCalendarOverride($date: Date!) {\n    clearCalendarOverride(date: $date) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation AdminClearCalendarOverride($date: Date!) {\n    clearCalendarOverride(date: $date) {\n      date\n      open\n      reason\n      activeReservations {\n        id\n        status\n        startsAt\n        endsAt\n        name\n        phone\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminStaff {\n    staffAccounts {\n      id\n      name\n      email\n      role\n    }\n  }\n"): (typeof documents)["\n  query AdminStaff {\n    staffAccounts {\n      id\n      name\n      email\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminCreateStaff($input: CreateStaffInput!) {\n    createStaff(input: $input) {\n      id\n      name\n      email\n      role\n    }\n  }\n"): (typeof documents)["\n  mutation AdminCreateStaff($input: CreateStaffInput!) {\n    createStaff(input: $input) {\n      id\n      name\n      email\n      role\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminDeactivateStaff($id: ID!) {\n    deactivateStaff(id: $id) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation AdminDeactivateStaff($id: ID!) {\n    deactivateStaff(id: $id) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminTerms {\n    termsVersions {\n      id\n      title\n      effectiveFrom\n      publishedAt\n      inForce\n      text\n    }\n  }\n"): (typeof documents)["\n  query AdminTerms {\n    termsVersions {\n      id\n      title\n      effectiveFrom\n      publishedAt\n      inForce\n      text\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminPublishTerms($input: TermsInput!) {\n    publishTerms(input: $input) {\n      id\n      title\n      effectiveFrom\n    }\n  }\n"): (typeof documents)["\n  mutation AdminPublishTerms($input: TermsInput!) {\n    publishTerms(input: $input) {\n      id\n      title\n      effectiveFrom\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminBooths {\n    booths {\n      seat\n      meetingId\n      passcode\n      joinUrl\n    }\n    office {\n      capacity\n    }\n  }\n"): (typeof documents)["\n  query AdminBooths {\n    booths {\n      seat\n      meetingId\n      passcode\n      joinUrl\n    }\n    office {\n      capacity\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminSetBooth($input: BoothInput!) {\n    setBooth(input: $input) {\n      seat\n      meetingId\n      passcode\n      joinUrl\n    }\n  }\n"): (typeof documents)["\n  mutation AdminSetBooth($input: BoothInput!) {\n    setBooth(input: $input) {\n      seat\n      meetingId\n      passcode\n      joinUrl\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminRotateBoothPasscode($seat: Int!) {\n    rotateBoothPasscode(seat: $seat) {\n      seat\n      passcode\n    }\n  }\n"): (typeof documents)["\n  mutation AdminRotateBoothPasscode($seat: Int!) {\n    rotateBoothPasscode(seat: $seat) {\n      seat\n      passcode\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation AdminImportRegistrations($csv: String!) {\n    importRegistrations(csv: $csv) {\n      rows\n      verified\n      rejected\n    }\n  }\n"): (typeof documents)["\n  mutation AdminImportRegistrations($csv: String!) {\n    importRegistrations(csv: $csv) {\n      rows\n      verified\n      rejected\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminAccessLog($filter: AccessLogFilter, $before: String) {\n    accessLog(filter: $filter, first: 50, before: $before) {\n      entries {\n        at\n        accountId\n        account {\n          id\n          name\n          role\n        }\n        role\n        operation\n        outcome\n        ip\n        userAgent\n        device\n      }\n      hasNextPage\n      endCursor\n    }\n  }\n"): (typeof documents)["\n  query AdminAccessLog($filter: AccessLogFilter, $before: String) {\n    accessLog(filter: $filter, first: 50, before: $before) {\n      entries {\n        at\n        accountId\n        account {\n          id\n          name\n          role\n        }\n        role\n        operation\n        outcome\n        ip\n        userAgent\n        device\n      }\n      hasNextPage\n      endCursor\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminAuditLog($jobSeekerId: ID!, $from: Date!, $to: Date!) {\n    auditLog(jobSeekerId: $jobSeekerId, from: $from, to: $to, first: 50) {\n      entries {\n        at\n        staffId\n        staff {\n          id\n          name\n          role\n        }\n        jobSeekerId\n        operation\n      }\n      hasNextPage\n    }\n  }\n"): (typeof documents)["\n  query AdminAuditLog($jobSeekerId: ID!, $from: Date!, $to: Date!) {\n    auditLog(jobSeekerId: $jobSeekerId, from: $from, to: $to, first: 50) {\n      entries {\n        at\n        staffId\n        staff {\n          id\n          name\n          role\n        }\n        jobSeekerId\n        operation\n      }\n      hasNextPage\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query AdminStats($from: Date!, $to: Date!) {\n    usageStatistics(from: $from, to: $to) {\n      from\n      to\n      reservations\n      completed\n      cancelled\n      noShows\n      expired\n      byHour {\n        hour\n        count\n      }\n    }\n  }\n"): (typeof documents)["\n  query AdminStats($from: Date!, $to: Date!) {\n    usageStatistics(from: $from, to: $to) {\n      from\n      to\n      reservations\n      completed\n      cancelled\n      noShows\n      expired\n      byHour {\n        hour\n        count\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  fragment BoardRow on Reservation {\n    id\n    status\n    startsAt\n    endsAt\n    name\n    phone\n    channel\n    consultation\n    companion {\n      kind\n      note\n    }\n    counselor {\n      id\n      name\n    }\n    readiness {\n      source\n      overall\n    }\n    noShowAt\n    checkedInAt\n    jobSeeker {\n      id\n      jobSeekerNumber\n    }\n    version\n  }\n"): (typeof documents)["\n  fragment BoardRow on Reservation {\n    id\n    status\n    startsAt\n    endsAt\n    name\n    phone\n    channel\n    consultation\n    companion {\n      kind\n      note\n    }\n    counselor {\n      id\n      name\n    }\n    readiness {\n      source\n      overall\n    }\n    noShowAt\n    checkedInAt\n    jobSeeker {\n      id\n      jobSeekerNumber\n    }\n    version\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query BoardQueue($date: Date!) {\n    queue(date: $date) {\n      date\n      seq\n      reservations {\n        ...BoardRow\n      }\n    }\n    staffAccounts {\n      id\n      name\n      role\n    }\n    reservationsOnClosedDays {\n      id\n      startsAt\n      endsAt\n      name\n    }\n    unmatchedReplies\n  }\n"): (typeof documents)["\n  query BoardQueue($date: Date!) {\n    queue(date: $date) {\n      date\n      seq\n      reservations {\n        ...BoardRow\n      }\n    }\n    staffAccounts {\n      id\n      name\n      role\n    }\n    reservationsOnClosedDays {\n      id\n      startsAt\n      endsAt\n      name\n    }\n    unmatchedReplies\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  subscription BoardEvents($date: Date!, $afterSeq: Int) {\n    queueEvents(date: $date, afterSeq: $afterSeq) {\n      seq\n      type\n      at\n      reservation {\n        ...BoardRow\n      }\n    }\n  }\n"): (typeof documents)["\n  subscription BoardEvents($date: Date!, $afterSeq: Int) {\n    queueEvents(date: $date, afterSeq: $afterSeq) {\n      seq\n      type\n      at\n      reservation {\n        ...BoardRow\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardAssign($id: ID!, $counselorId: ID) {\n    assignCounselor(id: $id, counselorId: $counselorId) {\n      ...BoardRow\n    }\n  }\n"): (typeof documents)["\n  mutation BoardAssign($id: ID!, $counselorId: ID) {\n    assignCounselor(id: $id, counselorId: $counselorId) {\n      ...BoardRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardStart($id: ID!) {\n    startSession(id: $id) {\n      ...BoardRow\n    }\n  }\n"): (typeof documents)["\n  mutation BoardStart($id: ID!) {\n    startSession(id: $id) {\n      ...BoardRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardComplete($id: ID!, $note: String) {\n    completeSession(id: $id, note: $note) {\n      ...BoardRow\n    }\n  }\n"): (typeof documents)["\n  mutation BoardComplete($id: ID!, $note: String) {\n    completeSession(id: $id, note: $note) {\n      ...BoardRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardTerminate($id: ID!, $reason: String!) {\n    terminateSession(id: $id, reason: $reason) {\n      ...BoardRow\n    }\n  }\n"): (typeof documents)["\n  mutation BoardTerminate($id: ID!, $reason: String!) {\n    terminateSession(id: $id, reason: $reason) {\n      ...BoardRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardNoShow($id: ID!) {\n    markNoShow(id: $id) {\n      ...BoardRow\n    }\n  }\n"): (typeof documents)["\n  mutation BoardNoShow($id: ID!) {\n    markNoShow(id: $id) {\n      ...BoardRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardRevertNoShow($id: ID!, $reason: String!) {\n    revertNoShow(id: $id, reason: $reason) {\n      ...BoardRow\n    }\n  }\n"): (typeof documents)["\n  mutation BoardRevertNoShow($id: ID!, $reason: String!) {\n    revertNoShow(id: $id, reason: $reason) {\n      ...BoardRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardRecordReply($id: ID!) {\n    recordReply(id: $id) {\n      ...BoardRow\n    }\n  }\n"): (typeof documents)["\n  mutation BoardRecordReply($id: ID!) {\n    recordReply(id: $id) {\n      ...BoardRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation BoardCancel($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason, channel: PHONE) {\n      ...BoardRow\n    }\n  }\n"): (typeof documents)["\n  mutation BoardCancel($id: ID!, $reason: String) {\n    cancelReservation(id: $id, reason: $reason, channel: PHONE) {\n      ...BoardRow\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffJobSeekerSearch($search: String) {\n    jobSeekers(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          jobSeekerNumber\n          phone\n          email\n          registrationVerified\n          eligible\n          flaggedForReview\n          suspended {\n            reason\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StaffJobSeekerSearch($search: String) {\n    jobSeekers(search: $search, first: 50) {\n      edges {\n        node {\n          id\n          name\n          jobSeekerNumber\n          phone\n          email\n          registrationVerified\n          eligible\n          flaggedForReview\n          suspended {\n            reason\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query StaffJobSeeker($id: ID!) {\n    jobSeeker(id: $id) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      emailVerified\n      registrationVerified\n      eligible\n      noShowCount\n      flaggedForReview\n      createdAt\n      suspended {\n        reason\n        since\n        until\n      }\n      lastReinstatement {\n        at\n        note\n      }\n      reservations(first: 50) {\n        edges {\n          node {\n            id\n            status\n            startsAt\n            endsAt\n            channel\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query StaffJobSeeker($id: ID!) {\n    jobSeeker(id: $id) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      emailVerified\n      registrationVerified\n      eligible\n      noShowCount\n      flaggedForReview\n      createdAt\n      suspended {\n        reason\n        since\n        until\n      }\n      lastReinstatement {\n        at\n        note\n      }\n      reservations(first: 50) {\n        edges {\n          node {\n            id\n            status\n            startsAt\n            endsAt\n            channel\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StaffVerifyJobSeeker($id: ID!) {\n    verifyJobSeeker(id: $id) {\n      id\n      registrationVerified\n    }\n  }\n"): (typeof documents)["\n  mutation StaffVerifyJobSeeker($id: ID!) {\n    verifyJobSeeker(id: $id) {\n      id\n      registrationVerified\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StaffSuspendJobSeeker($id: ID!, $reason: String!, $until: Date) {\n    suspendJobSeeker(id: $id, reason: $reason, until: $until) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation StaffSuspendJobSeeker($id: ID!, $reason: String!, $until: Date) {\n    suspendJobSeeker(id: $id, reason: $reason, until: $until) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation StaffReinstateJobSeeker($id: ID!, $note: String) {\n    reinstateJobSeeker(id: $id, note: $note) {\n      id\n    }\n  }\n"): (typeof documents)["\n  mutation StaffReinstateJobSeeker($id: ID!, $note: String) {\n    reinstateJobSeeker(id: $id, note: $note) {\n      id\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PhoneJobSeekers($search: String) {\n    jobSeekers(search: $search, first: 20) {\n      edges {\n        node {\n          id\n          name\n          jobSeekerNumber\n          phone\n          email\n          eligible\n          registrationVerified\n          suspended {\n            reason\n          }\n        }\n      }\n    }\n  }\n"): (typeof documents)["\n  query PhoneJobSeekers($search: String) {\n    jobSeekers(search: $search, first: 20) {\n      edges {\n        node {\n          id\n          name\n          jobSeekerNumber\n          phone\n          email\n          eligible\n          registrationVerified\n          suspended {\n            reason\n          }\n        }\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PhoneJobSeeker($id: ID!) {\n    jobSeeker(id: $id) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      eligible\n      registrationVerified\n      suspended {\n        reason\n      }\n    }\n  }\n"): (typeof documents)["\n  query PhoneJobSeeker($id: ID!) {\n    jobSeeker(id: $id) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      eligible\n      registrationVerified\n      suspended {\n        reason\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PhoneRegisterJobSeeker($input: RegisterJobSeekerInput!) {\n    registerJobSeeker(input: $input) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      eligible\n      registrationVerified\n      suspended {\n        reason\n      }\n    }\n  }\n"): (typeof documents)["\n  mutation PhoneRegisterJobSeeker($input: RegisterJobSeekerInput!) {\n    registerJobSeeker(input: $input) {\n      id\n      name\n      jobSeekerNumber\n      phone\n      email\n      eligible\n      registrationVerified\n      suspended {\n        reason\n      }\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  query PhoneSlots($from: Date!, $to: Date!) {\n    availableSlots(from: $from, to: $to) {\n      startsAt\n      endsAt\n      capacity\n      remaining\n      confirmBy\n    }\n  }\n"): (typeof documents)["\n  query PhoneSlots($from: Date!, $to: Date!) {\n    availableSlots(from: $from, to: $to) {\n      startsAt\n      endsAt\n      capacity\n      remaining\n      confirmBy\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PhoneCreateApplication($input: ApplicationInput!, $key: String) {\n    createApplication(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n"): (typeof documents)["\n  mutation PhoneCreateApplication($input: ApplicationInput!, $key: String) {\n    createApplication(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PhoneBookFollowUp($input: FollowUpInput!, $key: String) {\n    bookFollowUp(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n"): (typeof documents)["\n  mutation PhoneBookFollowUp($input: FollowUpInput!, $key: String) {\n    bookFollowUp(input: $input, idempotencyKey: $key) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n"];
/**
 * The graphql function is used to parse GraphQL queries into a document that can be used by GraphQL clients.
 */
export function graphql(source: "\n  mutation PhoneRecordReply($id: ID!) {\n    recordReply(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n"): (typeof documents)["\n  mutation PhoneRecordReply($id: ID!) {\n    recordReply(id: $id) {\n      id\n      status\n      startsAt\n      endsAt\n      confirmBy\n      channel\n    }\n  }\n"];

export function graphql(source: string) {
  return (documents as any)[source] ?? {};
}

export type DocumentType<TDocumentNode extends DocumentNode<any, any>> = TDocumentNode extends DocumentNode<  infer TType,  any>  ? TType  : never;